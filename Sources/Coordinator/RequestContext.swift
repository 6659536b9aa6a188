import Hummingbird
import HummingbirdAuth
import NIOCore

/// Per-request context: the client's address (for rate limits without a token) and, once the
/// auth middleware has looked the bearer token up, whom it speaks for.
public struct CoordinatorContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    public var principal: Principal?
    /// Set from the coordinator's limit by the auth middleware (the default is 2 MiB).
    public var bodyLimit = 8 << 20

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    public var maxUploadSize: Int { bodyLimit }

    /// The principal, or 401 when the request carried no valid token.
    func require() throws -> Principal {
        guard let principal else {
            throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer"],
                            message: "a valid token is required: Authorization: Bearer TOKEN")
        }
        return principal
    }

    /// Reading needs a token unless the coordinator was started with --public-read.
    func requireReader(publicRead: Bool) throws {
        if !publicRead { _ = try require() }
    }
}

/// Looks the bearer token up; an unknown token is refused at once, no token is left to the route.
struct AuthMiddleware: RouterMiddleware {
    let tokens: Tokens
    let bodyLimit: Int

    func handle(_ request: Request, context: CoordinatorContext,
                next: (Request, CoordinatorContext) async throws -> Response) async throws -> Response {
        var context = context
        context.bodyLimit = bodyLimit
        if let bearer = request.headers.bearer {
            guard let principal = tokens.principal(for: bearer.token) else {
                throw HTTPError(.unauthorized, headers: [.wwwAuthenticate: "Bearer error=\"invalid_token\""],
                                message: "unknown token")
            }
            context.principal = principal
        }
        return try await next(request, context)
    }
}
