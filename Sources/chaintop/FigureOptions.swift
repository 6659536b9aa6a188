import ArgumentParser

/// Options that change how figures are defined, the same for the dashboard and the export.
struct FigureOptions: ParsableArguments {

    @Option(name: .long, help: "The fee to claim rewards, in USD (default: the median fee of recent claims). Operators whose claimable reward is worth less are marked.")
    var claimFee: Double?

    func validate() throws {
        if let claimFee, !(claimFee >= 0 && claimFee.isFinite) {
            throw ValidationError("--claim-fee must be a number of USD, 0 or more")
        }
    }
}
