package dev.hookline.ingest.auth;

import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Routes that answer with the caller the filter let through. Imported by the auth slice
 * test only; deliberately not a component, so the full application never scans it.
 */
class ProbeRoutes {

	@Bean
	RouterFunction<ServerResponse> probe() {
		return RouterFunctions.route()
			.GET("/v1/events", request -> ServerResponse.ok().bodyValue(caller(request)))
			.GET("/v1/events/{id}", request -> ServerResponse.ok().bodyValue(caller(request)))
			.GET("/v1/subscriptions", request -> ServerResponse.ok().bodyValue(caller(request)))
			.GET("/v1/tenants", request -> ServerResponse.ok().bodyValue(caller(request)))
			.build();
	}

	private static String caller(org.springframework.web.reactive.function.server.ServerRequest request) {
		Caller caller = (Caller) request.attribute(Caller.ATTRIBUTE).orElseThrow();
		return caller.tenant() + "/" + caller.role();
	}

}
