import Feed
import Hummingbird

extension Routes {
    /// `POST /v1/records`: JSON Lines in, one answer per line out, once everything accepted is durable.
    func records(_ request: Request, _ context: CoordinatorContext) async throws -> Response {
        let principal = try context.require()
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let (lines, numbers): ([SubmittedRecord], [Int])
        switch Intake.read(body, as: principal) {
        case let .malformed(problems):
            return Responses.problems(.badRequest, "\(problems.count) malformed line(s); nothing was applied", problems)
        case let .forbidden(problems):
            return Responses.problems(.forbidden, "\(problems.count) line(s) this token may not write; nothing was applied", problems)
        case let .records(r, n): (lines, numbers) = (r, n)
        }
        guard !lines.isEmpty else { throw HTTPError(.badRequest, message: "no records in the body (JSON Lines, one record a line)") }
        let now = CoordinatorServer.wallClock()
        guard let outcome = await server.driver.submit(lines, as: principal, now: now) else {
            let foreign = await server.driver.foreign(lines, principal).map { Intake.Problem(line: numbers[$0.0], reason: $0.1) }
            return Responses.problems(.forbidden, "\(foreign.count) line(s) about another operator's node; nothing was applied", foreign)
        }
        try await server.durable(outcome.ticket)
        var w = JSONWriter(capacity: 32 * outcome.value.count)
        for (number, result) in zip(numbers, outcome.value) {
            w.beginObject()
            w.field("line", number)
            switch result {
            case let .accepted(seq): w.field("seq", seq)
            case let .refused(reason): w.field("refused", reason)
            }
            w.endObject()
            w.rawAppend(0x0A)
        }
        return Responses.json(.ok, w.bytes, type: "application/x-ndjson")
    }
}

extension CoordinatorServer {
    /// Waits until the ticket's records are committed and synced; 503 if the log cannot be written.
    func durable(_ ticket: Committer.Ticket?) async throws {
        guard let ticket else { return }
        do {
            try await committer.waitDurable(ticket)
        } catch {
            throw HTTPError(.serviceUnavailable, message: "not stored: \(error)")
        }
    }
}
