package dev.hookline.ingest.auth;

import dev.hookline.ingest.TestKeys;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.server.WebFilter;

/**
 * Who may call what: the filter in front of the API, with probe routes standing in for
 * the real handlers.
 */
@WebFluxTest(useDefaultFilters = false,
		includeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE,
				classes = { WebFilter.class, WebExceptionHandler.class }))
@Import({ AuthConfiguration.class, ProbeRoutes.class })
class ApiKeyFilterTest {

	@Autowired
	private WebTestClient client;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		for (String property : TestKeys.properties()) {
			String[] nameAndValue = property.split("=", 2);
			registry.add(nameAndValue[0], () -> nameAndValue[1]);
		}
	}

	@Test
	void aProducerKeyReachesTheEventsEndpointAsItsTenant() {
		call("/v1/events", "Bearer " + TestKeys.ACME_PRODUCER).expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("acme/PRODUCER");
	}

	@Test
	void anAdminKeyReachesTheAdminApiAsItsTenant() {
		call("/v1/subscriptions", "Bearer " + TestKeys.GLOBEX_ADMIN).expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("globex/ADMIN");
	}

	@Test
	void theSchemeIsCaseInsensitive() {
		call("/v1/events", "bearer " + TestKeys.ACME_PRODUCER).expectStatus().isOk();
	}

	@Test
	void aMissingKeyIsRefusedWith401AndABearerChallenge() {
		unauthorized(call("/v1/events", null));
		unauthorized(call("/v1/subscriptions", "Basic dXNlcjpwYXNz"));
		unauthorized(call("/v1/events", "Bearer "));
	}

	@Test
	void anUnknownKeyIsRefusedWith401() {
		unauthorized(call("/v1/events", "Bearer hk_not_a_key")).jsonPath("$.detail")
			.isEqualTo("The API key is not valid.");
	}

	@Test
	void aProducerKeyCannotUseTheAdminApi() {
		forbidden(call("/v1/subscriptions", "Bearer " + TestKeys.ACME_PRODUCER));
		forbidden(call("/v1/anything-else", "Bearer " + TestKeys.ACME_PRODUCER));
	}

	@Test
	void anAdminKeyCannotPublishEvents() {
		forbidden(call("/v1/events", "Bearer " + TestKeys.ACME_ADMIN));
	}

	@Test
	void readingAnEventsDeliveriesIsTheAdminApi() {
		call("/v1/events/evt_1", "Bearer " + TestKeys.ACME_ADMIN).expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("acme/ADMIN");
		forbidden(call("/v1/events/evt_1", "Bearer " + TestKeys.ACME_PRODUCER));
	}

	@Test
	void theOperatorKeyReachesTheTenantsApiAndNothingElse() {
		call("/v1/tenants", "Bearer " + TestKeys.OPERATOR).expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("*/OPERATOR");
		forbidden(call("/v1/subscriptions", "Bearer " + TestKeys.OPERATOR));
		forbidden(call("/v1/events", "Bearer " + TestKeys.OPERATOR));
	}

	@Test
	void tenantKeysCannotUseTheTenantsApi() {
		forbidden(call("/v1/tenants", "Bearer " + TestKeys.ACME_ADMIN));
		forbidden(call("/v1/tenants/acme/keys", "Bearer " + TestKeys.ACME_ADMIN));
		forbidden(call("/v1/tenants", "Bearer " + TestKeys.ACME_PRODUCER));
	}

	@Test
	void pathsOutsideTheApiNeedNoKey() {
		call("/favicon.ico", null).expectStatus().isNotFound();
	}

	private WebTestClient.ResponseSpec call(String path, String authorization) {
		return this.client.get().uri(path).headers(headers -> {
			if (authorization != null) {
				headers.set(HttpHeaders.AUTHORIZATION, authorization);
			}
		}).exchange();
	}

	private static WebTestClient.BodyContentSpec unauthorized(WebTestClient.ResponseSpec response) {
		return response.expectStatus()
			.isEqualTo(HttpStatus.UNAUTHORIZED)
			.expectHeader()
			.value(HttpHeaders.WWW_AUTHENTICATE,
					challenge -> org.assertj.core.api.Assertions.assertThat(challenge)
						.startsWith("Bearer realm=\"hookline\""))
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(401)
			.jsonPath("$.type")
			.isEqualTo("https://hookline.dev/problems/unauthorized");
	}

	private static void forbidden(WebTestClient.ResponseSpec response) {
		response.expectStatus()
			.isEqualTo(HttpStatus.FORBIDDEN)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://hookline.dev/problems/wrong-role");
	}

}
