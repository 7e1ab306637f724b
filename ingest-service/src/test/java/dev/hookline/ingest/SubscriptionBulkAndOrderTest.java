package dev.hookline.ingest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.hookline.ingest.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bulk create and delete of subscriptions, all or nothing, and the list's sort orders
 * with their cursors, on a real broker.
 */
@EmbeddedKafka(partitions = 2)
class SubscriptionBulkAndOrderTest {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private static RunningIngest ingest;

	@BeforeAll
	static void start(EmbeddedKafkaBroker broker, @TempDir Path dir) {
		ingest = RunningIngest.start(broker.getBrokersAsString(), dir.resolve("keyset.json"),
				"hookline.ingest.subscriptions.max-per-tenant=20");
	}

	@AfterAll
	static void stop() {
		ingest.close();
	}

	@Test
	void aBulkCreateWithOneBadItemCreatesNothingAndNamesEveryBadItem() {
		WebTestClient admin = ingest.client(TestKeys.GLOBEX_ADMIN);
		expectProblem(post(admin, "/v1/subscriptions/bulk", """
				{"subscriptions": [
				  {"url": "https://example.com/a", "eventTypes": ["order.*"]},
				  {"url": "ftp://example.com/b", "eventTypes": ["order.*"]},
				  {"url": "https://example.com/c", "eventTypes": []}
				]}"""), 422, "invalid-subscription").jsonPath("$.index")
			.isEqualTo(1)
			.jsonPath("$.field")
			.isEqualTo("subscriptions[1].url")
			.jsonPath("$.errors[1].index")
			.isEqualTo(2)
			.jsonPath("$.errors[1].field")
			.isEqualTo("subscriptions[2].eventTypes")
			.jsonPath("$.detail")
			.value(detail -> assertThat((String) detail).endsWith("; nothing was created"));

		assertThat(list(admin, "")).as("globex's subscriptions").isEmpty();
		expectProblem(post(admin, "/v1/subscriptions/bulk", "{\"subscriptions\": []}"), 400, "invalid-subscription")
			.jsonPath("$.field")
			.isEqualTo("subscriptions");
	}

	@Test
	void aBulkCreateMakesEveryOneWithItsSecretAndABulkDeleteRemovesThemAllOrNone() {
		WebTestClient admin = ingest.client(TestKeys.ACME_ADMIN);
		Map<String, Object> created = post(admin, "/v1/subscriptions/bulk", """
				{"subscriptions": [
				  {"url": "https://example.com/bulk-1", "eventTypes": ["order.*"]},
				  {"url": "https://example.com/bulk-2", "eventTypes": ["user.created"], "description": "two"}
				]}""").expectStatus()
			.isCreated()
			.expectHeader()
			.cacheControl(org.springframework.http.CacheControl.noStore())
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody();
		List<Map<String, Object>> data = items(created.get("data"));
		assertThat(data).extracting(one -> one.get("url"))
			.containsExactly("https://example.com/bulk-1", "https://example.com/bulk-2");
		assertThat(data).allSatisfy(one -> assertThat((String) one.get("secret")).startsWith("whsec_"));
		List<String> ids = data.stream().map(one -> (String) one.get("id")).toList();
		assertThat(list(admin, "").stream().map(one -> one.get("id"))).containsAll(ids);

		expectProblem(
				post(admin, "/v1/subscriptions/bulk-delete", "{\"ids\": [\"" + ids.get(0) + "\", \"sub_missing\"]}"),
				404, "subscription-not-found")
			.jsonPath("$.missing[0]")
			.isEqualTo("sub_missing");
		assertThat(list(admin, "").stream().map(one -> one.get("id"))).as("nothing deleted").containsAll(ids);
		// another tenant's id is as missing as an unknown one
		expectProblem(post(ingest.client(TestKeys.GLOBEX_ADMIN), "/v1/subscriptions/bulk-delete",
				"{\"ids\": [\"" + ids.get(0) + "\"]}"), 404, "subscription-not-found");

		post(admin, "/v1/subscriptions/bulk-delete", "{\"ids\": [\"" + ids.get(0) + "\", \"" + ids.get(1) + "\"]}")
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.deleted.length()")
			.isEqualTo(2);
		assertThat(list(admin, "").stream().map(one -> one.get("id"))).doesNotContainAnyElementsOf(ids);
	}

	@Test
	void aBulkCreatePastTheQuotaCreatesNothing() {
		WebTestClient admin = ingest.client(TestKeys.INITECH_ADMIN);
		StringBuilder body = new StringBuilder("{\"subscriptions\": [");
		for (int i = 0; i < 21; i++) {
			body.append((i > 0) ? "," : "")
				.append("{\"url\": \"https://example.com/q")
				.append(i)
				.append("\", \"eventTypes\": [\"*\"]}");
		}
		expectProblem(post(admin, "/v1/subscriptions/bulk", body.append("]}").toString()), 409, "quota-exceeded");
		assertThat(list(admin, "")).isEmpty();
	}

	@Test
	void theListIsSortedByUrlOrCreationEitherWayAndPagedWithItsCursor() {
		WebTestClient admin = ingest.client(TestKeys.UMBRELLA_ADMIN);
		List<String> urls = List.of("https://c.example.com/", "https://a.example.com/", "https://b.example.com/");
		for (String url : urls) {
			post(admin, "/v1/subscriptions", "{\"url\": \"" + url + "\", \"eventTypes\": [\"*\"]}").expectStatus()
				.isCreated();
		}

		assertThat(list(admin, "sort=url").stream().map(one -> one.get("url")))
			.containsExactly(urls.stream().sorted().toArray());
		assertThat(list(admin, "sort=url&order=desc").stream().map(one -> one.get("url")))
			.containsExactly(urls.stream().sorted(Comparator.reverseOrder()).toArray());
		assertThat(list(admin, "sort=created_at&order=desc").stream().map(one -> one.get("url")))
			.containsExactly(urls.get(2), urls.get(1), urls.get(0));
		assertThat(list(admin, "sort=last_delivery_at")).hasSize(3);

		List<Object> paged = new ArrayList<>();
		String next = null;
		do {
			Map<String, Object> page = admin.get()
				.uri("/v1/subscriptions?sort=url&order=desc&limit=2" + ((next != null) ? "&after=" + next : ""))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(JSON_OBJECT)
				.returnResult()
				.getResponseBody();
			items(page.get("data")).forEach(one -> paged.add(one.get("url")));
			next = (String) page.get("next");
		}
		while (next != null);
		assertThat(paged).containsExactly(urls.stream().sorted(Comparator.reverseOrder()).toArray());

		expectProblem(admin.get().uri("/v1/subscriptions?sort=name").exchange(), 400, "invalid-parameter")
			.jsonPath("$.field")
			.isEqualTo("sort");
		expectProblem(admin.get().uri("/v1/subscriptions?sort=url&order=up").exchange(), 400, "invalid-parameter")
			.jsonPath("$.field")
			.isEqualTo("order");
		expectProblem(admin.get().uri("/v1/subscriptions?sort=url&after=%25%25").exchange(), 400, "invalid-parameter")
			.jsonPath("$.field")
			.isEqualTo("after");
	}

	private static WebTestClient.ResponseSpec post(WebTestClient admin, String uri, String body) {
		return admin.post().uri(uri).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	private static List<Map<String, Object>> list(WebTestClient admin, String query) {
		return items(admin.get()
			.uri("/v1/subscriptions?limit=500&" + query)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody()
			.get("data"));
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> items(@Nullable Object list) {
		return (List<Map<String, Object>>) list;
	}

}
