package dev.hookline.ingest.console;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * The console's security headers, on its page and everything it loads.
 *
 * <p>
 * The Content-Security-Policy lets the page run only the scripts and stylesheets this
 * service serves, talk only to this service, and be framed by no one;
 * {@code require-trusted-types-for 'script'} makes the browser refuse any string written
 * as markup ({@code innerHTML} and its kind), so a value from an endpoint or an event can
 * only ever be shown as text. No referrer leaves the page.
 */
@Component
final class ConsoleHeaders implements WebFilter {

	static final String POLICY = String.join("; ", "default-src 'none'", "script-src 'self'", "style-src 'self'",
			"img-src 'self' data:", "connect-src 'self'", "base-uri 'none'", "form-action 'none'",
			"frame-ancestors 'none'", "require-trusted-types-for 'script'", "trusted-types 'none'");

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().pathWithinApplication().value();
		if (path.equals("/console") || path.startsWith("/console/") || path.startsWith("/webjars/")) {
			HttpHeaders headers = exchange.getResponse().getHeaders();
			headers.set("Content-Security-Policy", POLICY);
			headers.set("X-Content-Type-Options", "nosniff");
			headers.set("X-Frame-Options", "DENY");
			headers.set("Referrer-Policy", "no-referrer");
		}
		return chain.filter(exchange);
	}

}
