package dev.hookline.ingest.console;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleHeadersTest {

	@ParameterizedTest
	@ValueSource(
			strings = { "/console", "/console/", "/console/pages/subscription.js", "/webjars/uplot/dist/uPlot.esm.js" })
	void theConsoleAndWhatItLoadsCarryThePolicy(String path) {
		HttpHeaders headers = filtered(path);
		assertThat(headers.getFirst("Content-Security-Policy")).isEqualTo(ConsoleHeaders.POLICY)
			.contains("require-trusted-types-for 'script'")
			.doesNotContain("unsafe");
		assertThat(headers.getFirst("X-Frame-Options")).isEqualTo("DENY");
		assertThat(headers.getFirst("Referrer-Policy")).isEqualTo("no-referrer");
		assertThat(headers.getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
	}

	@Test
	void theApiAndPathsThatOnlyLookAlikeAreLeftAlone() {
		for (String path : new String[] { "/v1/subscriptions", "/consoles", "/openapi.yaml" }) {
			assertThat(filtered(path).getFirst("Content-Security-Policy")).as(path).isNull();
		}
	}

	private static HttpHeaders filtered(String path) {
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get(path));
		new ConsoleHeaders().filter(exchange, (passed) -> Mono.empty()).block();
		return exchange.getResponse().getHeaders();
	}

}
