package dev.hookline.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.Topics;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.hookline.ingest.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The delivery history split between two ingest instances on one broker: each holds the
 * partitions Kafka Streams assigned it, and each answers for every subscription, every
 * delivery and every event, forwarding what the other holds; another tenant gets 404 from
 * both.
 */
@EmbeddedKafka(partitions = 4, brokerProperties = { "group.initial.rebalance.delay.ms=0" })
class HistoryAcrossInstancesTest {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private static final Duration CATCH_UP = Duration.ofSeconds(90);

	private static final int SUBSCRIPTIONS = 8;

	private static RunningIngest first;

	private static RunningIngest second;

	private static HistoryWrites writes;

	private static String bootstrapServers;

	@BeforeAll
	static void start(EmbeddedKafkaBroker broker, @TempDir Path dir) {
		Path keyset = dir.resolve("keyset.json");
		bootstrapServers = broker.getBrokersAsString();
		first = RunningIngest.start(broker.getBrokersAsString(), keyset, "hookline.kafka.partitions=4",
				"hookline.ingest.history.state-dir=" + dir.resolve("first"));
		second = RunningIngest.start(broker.getBrokersAsString(), keyset, "hookline.kafka.partitions=4",
				"hookline.ingest.history.state-dir=" + dir.resolve("second"));
		writes = new HistoryWrites(broker.getBrokersAsString(), first.bean(Topics.class));
	}

	@AfterAll
	static void stop() {
		writes.close();
		second.close();
		first.close();
	}

	@Test
	void eachInstanceAnswersForEverySubscriptionDeliveryAndEventWhileEachHoldsOnlyItsPart() {
		Instant base = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
		String shared = "evt_shared_" + base.toEpochMilli();
		List<String> subscriptions = new ArrayList<>();
		List<Delivery> delivered = new ArrayList<>();
		List<Delivery> pending = new ArrayList<>();
		for (int i = 0; i < SUBSCRIPTIONS; i++) {
			String subscription = writes.subscription("acme", base);
			subscriptions.add(subscription);
			Delivery done = writes.queue("acme", subscription, shared, "order.created", base);
			writes.attempt(done, 1, base.plusSeconds(1), 200, "done");
			delivered.add(done);
			pending.add(writes.queue("acme", subscription, "evt_later_" + i, "order.updated", base.plusSeconds(2)));
		}

		for (RunningIngest asked : List.of(first, second)) {
			WebTestClient acme = asked.client(TestKeys.ACME_ADMIN);
			for (int i = 0; i < SUBSCRIPTIONS; i++) {
				String subscription = subscriptions.get(i);
				Map<String, Object> events = awaitPage(acme, "/v1/subscriptions/" + subscription + "/events", 2);
				assertThat(items(events.get("data"))).extracting(entry -> entry.get("eventId"))
					.as("newest first")
					.containsExactly("evt_later_" + i, shared);
				assertThat(items(events.get("data"))).extracting(entry -> entry.get("state"))
					.containsExactly("pending", "delivered");
				Map<String, Object> attempts = awaitPage(acme, "/v1/subscriptions/" + subscription + "/attempts", 1);
				assertThat(items(attempts.get("data")).get(0)).containsEntry("deliveryId",
						delivered.get(i).getDeliveryId());
				assertThat(awaitOk(acme, "/v1/deliveries/" + pending.get(i).getDeliveryId(), false))
					.containsEntry("state", "pending");
			}
			Map<String, Object> event = awaitOk(acme, "/v1/events/" + shared, false);
			assertThat(event).containsEntry("id", shared).containsEntry("type", "order.created");
			assertThat(items(event.get("deliveries"))).extracting(delivery -> delivery.get("subscriptionId"))
				.as("one delivery per subscription, gathered from both instances")
				.containsExactlyInAnyOrderElementsOf(subscriptions);
		}

		// asked for its own part only, each subscription is held by exactly one instance:
		// it answers, the other says 503 (asked again while the two move partitions)
		for (String subscription : subscriptions) {
			await().atMost(CATCH_UP).untilAsserted(() -> {
				List<Integer> answers = new ArrayList<>();
				for (RunningIngest asked : List.of(first, second)) {
					answers.add(asked.client(TestKeys.ACME_ADMIN)
						.get()
						.uri("/v1/subscriptions/" + subscription + "/events")
						.header("Hookline-Forwarded", "1")
						.exchange()
						.expectBody(byte[].class)
						.returnResult()
						.getStatus()
						.value());
				}
				assertThat(answers).as("local answers about " + subscription).containsExactlyInAnyOrder(200, 503);
			});
		}

		for (RunningIngest asked : List.of(first, second)) {
			WebTestClient globex = asked.client(TestKeys.GLOBEX_ADMIN);
			awaitProblem(globex, "/v1/events/" + shared, 404, "event-not-found");
			awaitProblem(globex, "/v1/subscriptions/" + subscriptions.get(0) + "/events", 404,
					"subscription-not-found");
			awaitProblem(globex, "/v1/deliveries/" + delivered.get(0).getDeliveryId(), 404, "delivery-not-found");
		}
	}

	@Test
	void analyticsCountEachMinutesAttemptsWithTheirLatencyOnEitherInstance() {
		Instant minute = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES);
		String subscription = writes.subscription("acme", minute);
		Delivery fast = writes.queue("acme", subscription, "evt_fast_" + minute.toEpochMilli(), "order.created",
				minute);
		writes.attempt(fast, 1, minute.plusSeconds(1), 200, "done", 100);
		Delivery flaky = writes.queue("acme", subscription, "evt_flaky_" + minute.toEpochMilli(), "order.created",
				minute);
		writes.attempt(flaky, 1, minute.plusSeconds(2), 503, "hookline.deliveries.retry.1m", 1000);
		writes.attempt(flaky, 2, minute.plusSeconds(62), 200, "done", 100);
		String uri = "/v1/subscriptions/" + subscription + "/stats?step=1m&from=" + minute + "&to="
				+ minute.plus(2, ChronoUnit.MINUTES);

		for (RunningIngest asked : List.of(first, second)) {
			Map<String, Object> stats = awaitAnswer(asked.client(TestKeys.ACME_ADMIN), uri,
					answer -> answer.get("total") != null
							&& ((Map<?, ?>) answer.get("total")).get("attempts").equals(3));
			assertThat(stats).containsEntry("step", "1m").containsEntry("from", minute.toString());
			List<Map<String, Object>> buckets = items(stats.get("buckets"));
			assertThat(buckets).extracting(bucket -> bucket.get("attempts")).containsExactly(2, 1);
			assertThat(buckets).extracting(bucket -> bucket.get("failed")).containsExactly(1, 0);
			assertThat(buckets.get(0)).containsEntry("successRate", 0.5);
			assertThat(buckets.get(1)).containsEntry("start", minute.plus(1, ChronoUnit.MINUTES).toString());
			@SuppressWarnings("unchecked")
			Map<String, Object> latency = (Map<String, Object>) ((Map<String, Object>) stats.get("total"))
				.get("latencyMs");
			assertThat(((Number) latency.get("p50")).longValue()).isBetween(90L, 110L);
			assertThat(((Number) latency.get("p99")).longValue()).isBetween(900L, 1100L);
		}
		expectProblem(first.client(TestKeys.GLOBEX_ADMIN).get().uri(uri).exchange(), 404, "subscription-not-found");
		expectProblem(first.client(TestKeys.ACME_ADMIN)
			.get()
			.uri("/v1/subscriptions/" + subscription + "/stats?step=7s")
			.exchange(), 400, "invalid-parameter").jsonPath("$.field").isEqualTo("step");
	}

	@Test
	void theTenantsReportAddsUpEverySubscriptionOnEitherInstanceWorstFirst() {
		Instant minute = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
		List<String> subscriptions = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			String subscription = writes.subscription("globex", minute);
			subscriptions.add(subscription);
			// subscription i: i + 1 attempts in the first minute, the last i of them
			// failed
			for (int j = 0; j <= i; j++) {
				Delivery delivery = writes.queue("globex", subscription, "evt_report_" + i + "_" + j, "order.created",
						minute);
				writes.attempt(delivery, 1, minute.plusSeconds(1 + j), (j == 0) ? 200 : 500,
						(j == 0) ? "done" : "hookline.deliveries.retry.1m", (j == 0) ? 10 : 1000);
			}
		}
		String uri = "/v1/stats?step=1m&from=" + minute + "&to=" + minute.plus(2, ChronoUnit.MINUTES);

		for (RunningIngest asked : List.of(first, second)) {
			Map<String, Object> report = awaitAnswer(asked.client(TestKeys.GLOBEX_ADMIN), uri,
					answer -> answer.get("total") != null
							&& ((Map<?, ?>) answer.get("total")).get("attempts").equals(10));
			assertThat(report).containsEntry("tenant", "globex").containsEntry("step", "1m");
			assertThat(items(report.get("buckets"))).extracting(bucket -> bucket.get("attempts"))
				.containsExactly(10, 0);
			assertThat(report).extractingByKey("total").extracting("failed").isEqualTo(6);
			List<Map<String, Object>> rows = items(report.get("subscriptions"));
			assertThat(rows).extracting(row -> row.get("subscriptionId"))
				.as("the most failures first")
				.containsExactly(subscriptions.get(3), subscriptions.get(2), subscriptions.get(1),
						subscriptions.get(0));
			assertThat(rows.get(0)).containsEntry("url", "https://example.com/hooks");
			@SuppressWarnings("unchecked")
			Map<String, Object> latency = (Map<String, Object>) ((Map<String, Object>) report.get("total"))
				.get("latencyMs");
			assertThat(((Number) latency.get("p50")).longValue())
				.as("6 of the 10 attempts took 1,000 ms, across both instances' parts")
				.isBetween(900L, 1100L);
			assertThat(((Number) latency.get("p95")).longValue()).isBetween(900L, 1100L);
		}
		Map<String, Object> acme = awaitOk(first.client(TestKeys.ACME_ADMIN), uri, false);
		assertThat(acme).extractingByKey("total").extracting("attempts").as("another tenant's").isEqualTo(0);
		assertThat(items(acme.get("subscriptions"))).isEmpty();
	}

	@Test
	void recoverCountsFirstThenSendsEveryFailedDeliveryOnceWithItsWebhookId() {
		Instant base = Instant.now().minus(20, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
		String subscription = writes.subscription("acme", base);
		Delivery dead = writes.queue("acme", subscription, "evt_dead_" + base.toEpochMilli(), "order.created", base);
		writes.attempt(dead, 1, base.plusSeconds(1), 500, "dlq");
		Delivery retrying = writes.queue("acme", subscription, "evt_retrying_" + base.toEpochMilli(), "order.created",
				base.plusSeconds(10));
		writes.attempt(retrying, 1, base.plusSeconds(11), 503, "hookline.deliveries.retry.1m");
		Delivery fine = writes.queue("acme", subscription, "evt_fine_" + base.toEpochMilli(), "order.created",
				base.plusSeconds(20));
		writes.attempt(fine, 1, base.plusSeconds(21), 200, "done");
		Delivery earlier = writes.queue("acme", subscription, "evt_earlier_" + base.toEpochMilli(), "order.created",
				base.minusSeconds(60));
		writes.attempt(earlier, 1, base.minusSeconds(59), 500, "dlq");
		String uri = "/v1/subscriptions/" + subscription + "/recover";
		String range = "\"since\": \"" + base + "\"";

		// a dry run, asked of each instance: one of them forwards it, with its body
		for (RunningIngest asked : List.of(first, second)) {
			Map<String, Object> dry = await().atMost(CATCH_UP)
				.until(() -> recover(asked, uri, "{" + range + ", \"dryRun\": true}").returnResult().getResponseBody(),
						answer -> answer != null && Integer.valueOf(2).equals(answer.get("matched")));
			assertThat(dry).containsEntry("dryRun", true).containsEntry("queued", 0).containsEntry("remaining", 2);
			assertThat(dry).extractingByKey("deliveryIds")
				.asInstanceOf(InstanceOfAssertFactories.LIST)
				.containsExactly(dead.getDeliveryId(), retrying.getDeliveryId());
		}
		assertThat(deliveryRecords(dead.getDeliveryId())).as("a dry run queues nothing").hasSize(1);

		Map<String, Object> done = await().atMost(CATCH_UP).until(() -> {
			EntityExchangeResult<Map<String, Object>> answer = recover(second, uri, "{" + range + "}").returnResult();
			return (answer.getStatus().value() == 202) ? answer.getResponseBody() : null;
		}, java.util.Objects::nonNull);
		assertThat(done).containsEntry("dryRun", false).containsEntry("queued", 2).containsEntry("remaining", 0);
		Map<String, Object> again = await().atMost(CATCH_UP).until(() -> {
			EntityExchangeResult<Map<String, Object>> answer = recover(first, uri, "{" + range + "}").returnResult();
			return (answer.getStatus().value() == 202) ? answer.getResponseBody() : null;
		}, java.util.Objects::nonNull);
		assertThat(again).as("called again at once: nothing is sent twice").containsEntry("queued", 0);

		for (Delivery failed : List.of(dead, retrying)) {
			List<Delivery> records = deliveryRecords(failed.getDeliveryId());
			assertThat(records).as("the router's record, then the recovery's").hasSize(2);
			assertThat(records.get(1).getDeliveryId()).as("the webhook-id").isEqualTo(failed.getDeliveryId());
			assertThat(records.get(1).getBody()).isEqualTo(failed.getBody());
			assertThat(records.get(1).getAttempt()).isEqualTo(1);
		}
		assertThat(deliveryRecords(fine.getDeliveryId())).hasSize(1);
		assertThat(deliveryRecords(earlier.getDeliveryId())).as("before the range").hasSize(1);

		expectProblem(first.client(TestKeys.GLOBEX_ADMIN)
			.post()
			.uri(uri)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{" + range + "}")
			.exchange(), 404, "subscription-not-found");
		expectProblem(first.client(TestKeys.ACME_ADMIN)
			.post()
			.uri(uri)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"dryRun\": true}")
			.exchange(), 400, "invalid-recover").jsonPath("$.field").isEqualTo("since");
	}

	private static WebTestClient.BodySpec<Map<String, Object>, ?> recover(RunningIngest asked, String uri,
			String body) {
		return asked.client(TestKeys.ACME_ADMIN)
			.post()
			.uri(uri)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectBody(JSON_OBJECT);
	}

	private static List<Delivery> deliveryRecords(String deliveryId) {
		return TopicRecords.readAll(bootstrapServers, first.bean(Topics.class).deliveries())
			.stream()
			.map(record -> record.value())
			.filter(delivery -> delivery.getDeliveryId().equals(deliveryId))
			.toList();
	}

	@Test
	void theTenantsHealthAddsUpEveryInstancesPart() {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		List<String> subscriptions = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			String subscription = writes.subscription("initech", now.minusSeconds(600));
			subscriptions.add(subscription);
			Delivery delivery = writes.queue("initech", subscription, "evt_health_" + i, "order.created",
					now.minusSeconds(120));
			writes.attempt(delivery, 1, now.minusSeconds(119), (i < 2) ? 200 : 500, (i < 2) ? "done" : "dlq");
		}
		writes.failing(subscriptions.get(2), now.minusSeconds(119));

		for (RunningIngest asked : List.of(first, second)) {
			Map<String, Object> health = await().atMost(CATCH_UP).until(() -> {
				EntityExchangeResult<Map<String, Object>> answer = asked.client(TestKeys.INITECH_ADMIN)
					.get()
					.uri("/v1/health")
					.exchange()
					.expectBody(JSON_OBJECT)
					.returnResult();
				return answer.getStatus().is2xxSuccessful() ? answer.getResponseBody() : Map.<String, Object>of();
			}, answer -> answer.get("lastHour") != null
					&& ((Map<?, ?>) answer.get("lastHour")).get("attempts").equals(3)
					&& ((Map<?, ?>) answer.get("deliveries")).get("deadLettered").equals(1)
					&& ((Map<?, ?>) answer.get("failingEndpoints")).get("count").equals(1));
			assertThat(health).containsEntry("tenant", "initech");
			assertThat(health).extractingByKey("subscriptions").isEqualTo(Map.of("total", 3, "active", 3));
			assertThat(health).extractingByKey("lastHour")
				.isEqualTo(Map.of("attempts", 3, "succeeded", 2, "failed", 1, "successRate", 2.0 / 3));
			assertThat(health).extractingByKey("last24Hours").isEqualTo(health.get("lastHour"));
			assertThat(health).extractingByKey("failingEndpoints")
				.extracting("subscriptionIds")
				.isEqualTo(List.of(subscriptions.get(2)));
		}
		Map<String, Object> globex = awaitOk(first.client(TestKeys.GLOBEX_ADMIN), "/v1/health", false);
		assertThat(globex).containsEntry("tenant", "globex");
		assertThat(globex).extractingByKey("lastHour").extracting("attempts").isEqualTo(0);
	}

	@Test
	void theTenantsDeadLettersAreListedNewestFirstFromEveryInstancePageByPage() {
		Instant base = Instant.now().minus(20, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
		List<String> subscriptions = new ArrayList<>();
		List<String> newestFirst = new ArrayList<>();
		for (int i = 0; i < SUBSCRIPTIONS; i++) {
			String subscription = writes.subscription("umbrella", base);
			subscriptions.add(subscription);
			for (int j = 0; j < 2; j++) {
				Instant at = base.plusSeconds(10L * i + j);
				Delivery delivery = writes.queue("umbrella", subscription, "evt_dead_" + i + "_" + j,
						(j == 0) ? "order.created" : "invoice.paid", at);
				writes.deadLetter(delivery, 6, at.plusMillis(500), (i % 2 == 0) ? 500 : 503);
				newestFirst.add(0, delivery.getDeliveryId());
			}
		}
		// the newest dead letter is replayed: queued again, and listed as such
		writes.queue("umbrella", subscriptions.get(SUBSCRIPTIONS - 1), "evt_dead_" + (SUBSCRIPTIONS - 1) + "_1",
				"invoice.paid", base.plus(1, ChronoUnit.MINUTES).plusSeconds(10L * SUBSCRIPTIONS));
		// hours ago: globex's last hour stays empty for the health test
		Instant earlier = base.minus(2, ChronoUnit.HOURS);
		Delivery other = writes.queue("globex", writes.subscription("globex", earlier), "evt_globex", "order.created",
				earlier);
		writes.deadLetter(other, 6, earlier.plusSeconds(1), 500);

		for (RunningIngest asked : List.of(first, second)) {
			WebTestClient umbrella = asked.client(TestKeys.UMBRELLA_ADMIN);
			await().atMost(CATCH_UP).untilAsserted(() -> {
				List<Map<String, Object>> all = deadLetterPages(umbrella, "limit=3");
				assertThat(all).extracting(entry -> entry.get("deliveryId"))
					.as("every dead letter once, newest first, over pages of 3")
					.containsExactlyElementsOf(newestFirst);
				assertThat(all.get(0)).containsEntry("replayed", true).containsEntry("state", "pending");
				assertThat(all.get(1)).containsEntry("replayed", false)
					.containsEntry("state", "dead_lettered")
					.containsEntry("reason", "exhausted")
					.containsEntry("lastStatus", 503);
			});
			List<Map<String, Object>> filtered = deadLetterPages(umbrella, "subscription=" + subscriptions.get(0) + ","
					+ subscriptions.get(1) + "&status=5xx&eventType=order.*");
			assertThat(filtered).extracting(entry -> entry.get("subscriptionId"))
				.containsExactly(subscriptions.get(1), subscriptions.get(0));
			assertThat(deadLetterPages(umbrella, "status=503")).as("both of every other subscription's")
				.hasSize(SUBSCRIPTIONS / 2 * 2);
			assertThat(deadLetterPages(umbrella, "since=" + base.plusSeconds(10L * (SUBSCRIPTIONS - 2)))).hasSize(4);
			await().atMost(CATCH_UP)
				.untilAsserted(() -> assertThat(deadLetterPages(asked.client(TestKeys.GLOBEX_ADMIN), ""))
					.extracting(entry -> entry.get("eventId"))
					.as("another tenant's dead letters only")
					.containsExactly("evt_globex"));
		}
		expectProblem(first.client(TestKeys.UMBRELLA_ADMIN).get().uri("/v1/dead-letters?status=5").exchange(), 400,
				"invalid-parameter")
			.jsonPath("$.field")
			.isEqualTo("status");
	}

	/** Every page of {@code GET /v1/dead-letters}, one after another. */
	private static List<Map<String, Object>> deadLetterPages(WebTestClient client, String query) {
		List<Map<String, Object>> all = new ArrayList<>();
		String after = null;
		do {
			Map<String, Object> page = awaitOk(client,
					"/v1/dead-letters?" + query + ((after != null) ? "&after=" + after : ""), false);
			all.addAll(items(page.get("data")));
			after = (String) page.get("next");
		}
		while (after != null);
		return all;
	}

	@Test
	void malformedHistoryParametersAreRefusedNamingThem() {
		WebTestClient acme = first.client(TestKeys.ACME_ADMIN);
		String subscription = writes.subscription("acme", Instant.now());
		await().atMost(CATCH_UP)
			.untilAsserted(() -> expectProblem(
					acme.get().uri("/v1/subscriptions/" + subscription + "/events?status=lost").exchange(), 400,
					"invalid-parameter")
				.jsonPath("$.field")
				.isEqualTo("status"));
		expectProblem(acme.get().uri("/v1/subscriptions/" + subscription + "/events?after=%25%25").exchange(), 400,
				"invalid-parameter")
			.jsonPath("$.field")
			.isEqualTo("after");
		expectProblem(acme.get().uri("/v1/events/{id}", "not an id!").exchange(), 400, "invalid-parameter")
			.jsonPath("$.field")
			.isEqualTo("id");
	}

	/**
	 * The answer to a GET once it is a 200: while the two instances move partitions
	 * between them, the history answers 503 (retry), as a client sees it.
	 */
	private static Map<String, Object> awaitOk(WebTestClient client, String uri, boolean forwarded) {
		return await().atMost(CATCH_UP).until(() -> {
			EntityExchangeResult<Map<String, Object>> answer = client.get().uri(uri).headers(headers -> {
				if (forwarded) {
					headers.set("Hookline-Forwarded", "1");
				}
			}).exchange().expectBody(JSON_OBJECT).returnResult();
			return (answer.getStatus().value() == 200) ? answer.getResponseBody() : null;
		}, java.util.Objects::nonNull);
	}

	/** A problem answer, once the history is not moving (a 503 is asked again). */
	private static void awaitProblem(WebTestClient client, String uri, int status, String slug) {
		await().atMost(CATCH_UP).untilAsserted(() -> expectProblem(client.get().uri(uri).exchange(), status, slug));
	}

	private static Map<String, Object> awaitPage(WebTestClient client, String uri, int size) {
		return awaitAnswer(client, uri, page -> page.get("data") != null && items(page.get("data")).size() == size);
	}

	/** The first 2xx answer to a GET that passes the test. */
	private static Map<String, Object> awaitAnswer(WebTestClient client, String uri,
			Predicate<Map<String, Object>> test) {
		return await().atMost(CATCH_UP).until(() -> {
			EntityExchangeResult<Map<String, Object>> answer = client.get()
				.uri(uri)
				.exchange()
				.expectBody(JSON_OBJECT)
				.returnResult();
			return answer.getStatus().is2xxSuccessful() ? answer.getResponseBody() : Map.<String, Object>of();
		}, test);
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> items(@Nullable Object list) {
		return (List<Map<String, Object>>) list;
	}

}
