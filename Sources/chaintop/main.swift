import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// One clear line on stderr and exit code 2 for every usage or input error; help and --version exit 0.
do {
    var command = try Chaintop.parseAsRoot()
    try command.run()
} catch let failure as Failure {
    var err = StandardError()
    print("chaintop: \(failure)", to: &err)
    exit(failure.exitStatus)
} catch let code as ExitCode {
    exit(code.rawValue)  // already said what there was to say (a signal's 128 + N)
} catch {
    let code = Chaintop.exitCode(for: error)
    if code == .success {
        print(Chaintop.fullMessage(for: error))
        exit(0)
    }
    var err = StandardError()
    let message = Chaintop.message(for: error)
    print("chaintop: \(message.isEmpty ? "\(error)" : message)", to: &err)
    exit(2)
}
