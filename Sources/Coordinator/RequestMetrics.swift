import Hummingbird

/// Counts every request by its route (the pattern, not the path) and status.
struct RequestMetricsMiddleware: RouterMiddleware {
    let metrics: CoordinatorMetrics

    func handle(_ request: Request, context: CoordinatorContext,
                next: (Request, CoordinatorContext) async throws -> Response) async throws -> Response {
        do {
            let response = try await next(request, context)
            metrics.request(route: context.endpointPath ?? "unmatched", status: response.status.code)
            return response
        } catch let error as any HTTPResponseError {
            metrics.request(route: context.endpointPath ?? "unmatched", status: error.status.code)
            throw error
        } catch {
            metrics.request(route: context.endpointPath ?? "unmatched", status: 500)
            throw error
        }
    }
}
