import Testing

extension Tmux {
    /// The dashboard is gone and the shell answers with echo on: the terminal came back. It first waits
    /// for the shell's prompt to come back (the screen is restored a moment before the process has
    /// ended), so no keystroke meant for the shell reaches the dashboard.
    public func expectRestored(_ comment: Comment) async {
        await waitForPrompt()
        // The marker is computed by the shell ("END42") so that the typed command line, which tmux shows
        // before the shell runs it, can never match the wait.
        type("clear; stty -a | tr ' ' '\\n' | grep -x -e echo -e icanon | tr '\\n' ' '; echo END$((6*7))")
        keys("Enter")
        let s = await wait(for: "END42", seconds: 5)
        #expect(s.contains("echo icanon END42") || s.contains("icanon echo END42"), "\(comment): \(s)")
        #expect(!s.contains("chaintop   1 Overview"), comment)
    }
}
