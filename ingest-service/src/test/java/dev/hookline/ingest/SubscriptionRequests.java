package dev.hookline.ingest;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The subscription requests the API tests send: create, patch and read. */
final class SubscriptionRequests {

	private SubscriptionRequests() {
	}

	/** Creates a subscription, which must answer 201 at version 1; returns its body. */
	static JsonNode create(WebTestClient admin, String body) {
		return admin.post()
			.uri("/v1/subscriptions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isCreated()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"1\"")
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

	/** A merge patch, with {@code If-Match} when not null. */
	static WebTestClient.ResponseSpec patch(WebTestClient admin, String id, @Nullable String ifMatch, String body) {
		WebTestClient.RequestBodySpec request = admin.patch()
			.uri("/v1/subscriptions/{id}", id)
			.contentType(MediaType.valueOf("application/merge-patch+json"));
		if (ifMatch != null) {
			request = request.header(HttpHeaders.IF_MATCH, ifMatch);
		}
		return request.bodyValue(body).exchange();
	}

	/** The subscription, which must answer 200. */
	static JsonNode get(WebTestClient admin, String id) {
		return admin.get()
			.uri("/v1/subscriptions/{id}", id)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JsonNode.class)
			.returnResult()
			.getResponseBody();
	}

}
