package dev.hookline.ingest;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The assertion every API test makes of an error: its status, the problem+json content
 * type, and the problem type that names it.
 */
final class Problems {

	private Problems() {
	}

	/**
	 * Asserts a problem of {@code https://hookline.dev/problems/<slug>}; returns the body
	 * to check more.
	 */
	static WebTestClient.BodyContentSpec expectProblem(WebTestClient.ResponseSpec response, int status, String slug) {
		return response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(status)
			.jsonPath("$.type")
			.isEqualTo("https://hookline.dev/problems/" + slug);
	}

}
