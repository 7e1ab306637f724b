package dev.hookline.ingest.auth;

import java.util.Locale;

import dev.hookline.ingest.http.ApiException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Authenticates every call under {@code /v1/} by its {@code Authorization: Bearer} key,
 * before routing, and puts its {@link Caller} into the exchange.
 *
 * <p>
 * {@code /v1/events} (publishing) needs a producer key, {@code /v1/tenants} an operator
 * key; every other {@code /v1/} path is the admin API and needs an admin key, reading an
 * event's deliveries ({@code /v1/events/{id}}) among them. A missing or unknown key fails
 * with a 401 {@link ApiException} carrying {@code WWW-Authenticate: Bearer}; a key of the
 * other role fails with 403. Paths outside {@code /v1/} pass through untouched.
 */
@Component
final class ApiKeyFilter implements WebFilter, Ordered {

	private static final String CHALLENGE = "Bearer realm=\"hookline\"";

	private static final String EVENTS = "/v1/events";

	private static final String TENANTS = "/v1/tenants";

	private final ApiKeys keys;

	ApiKeyFilter(ApiKeys keys) {
		this.keys = keys;
	}

	@Override
	public int getOrder() {
		// before anything that could act on the request's behalf
		return Ordered.HIGHEST_PRECEDENCE + 100;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		Role required = requiredRole(exchange.getRequest().getPath().pathWithinApplication().value());
		if (required == null) {
			return chain.filter(exchange);
		}
		String token = bearerToken(exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
		if (token == null) {
			return Mono.error(unauthorized("Send an API key as 'Authorization: Bearer <key>'.", CHALLENGE));
		}
		Caller caller = this.keys.authenticate(token).orElse(null);
		if (caller == null) {
			return Mono.error(unauthorized("The API key is not valid.", CHALLENGE + ", error=\"invalid_token\""));
		}
		if (caller.role() != required) {
			return Mono.error(ApiException.of(HttpStatus.FORBIDDEN, "wrong-role", "Forbidden",
					"A " + caller.role() + " key cannot call this endpoint; it needs a " + required + " key."));
		}
		exchange.getAttributes().put(Caller.ATTRIBUTE, caller);
		return chain.filter(exchange);
	}

	/** The role a path needs, or {@code null} for paths outside the API. */
	static @Nullable Role requiredRole(String path) {
		if (path.equals(EVENTS)) {
			return Role.PRODUCER;
		}
		if (path.equals(TENANTS) || path.startsWith(TENANTS + "/")) {
			return Role.OPERATOR;
		}
		return path.startsWith("/v1/") ? Role.ADMIN : null;
	}

	private static @Nullable String bearerToken(@Nullable String authorization) {
		if (authorization == null || authorization.length() < 7
				|| !authorization.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
			return null;
		}
		String token = authorization.substring(7).trim();
		return token.isEmpty() ? null : token;
	}

	private static ApiException unauthorized(String detail, String challenge) {
		return ApiException.of(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail)
			.withHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
	}

}
