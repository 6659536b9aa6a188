import ArgumentParser

/// Options that change which figures are shown and how they are defined, the same for the dashboard and the export.
struct FigureOptions: ParsableArguments {
    @Option(name: .long, help: "Show Fleet and Rewards for this operator only (in the dashboard, o on a row chooses one).")
    var `operator`: String?

    @Option(name: .long, help: "The fee to claim rewards, in USD (default: the median fee of recent claims). Operators whose claimable reward is worth less are marked.")
    var claimFee: Double?

    func validate() throws {
        if let claimFee, !(claimFee >= 0 && claimFee.isFinite) {
            throw ValidationError("--claim-fee must be a number of USD, 0 or more")
        }
        if let op = `operator`, op.isEmpty || op.count > 256 { throw ValidationError("--operator needs an operator id") }
    }
}
