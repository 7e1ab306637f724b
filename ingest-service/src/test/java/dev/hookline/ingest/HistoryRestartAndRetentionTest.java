package dev.hookline.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.hookline.ingest.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The delivery history keeps what it read across a restart, from its own state and not
 * from the topics again, and drops what is older than its retention.
 */
@EmbeddedKafka(partitions = 2, brokerProperties = { "group.initial.rebalance.delay.ms=0" })
class HistoryRestartAndRetentionTest {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private static final Duration CATCH_UP = Duration.ofSeconds(90);

	@Test
	void theHistorySurvivesARestartWithoutReadingItsTopicsAgain(EmbeddedKafkaBroker broker, @TempDir Path dir)
			throws Exception {
		Path keyset = dir.resolve("keyset.json");
		String state = "hookline.ingest.history.state-dir=" + dir.resolve("history");
		Instant base = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
		String subscription;
		Delivery delivery;
		try (RunningIngest ingest = RunningIngest.start(broker.getBrokersAsString(), keyset, state);
				HistoryWrites writes = new HistoryWrites(broker.getBrokersAsString(), ingest.bean(Topics.class))) {
			subscription = writes.subscription("acme", base);
			delivery = writes.queue("acme", subscription, "evt_kept", "order.created", base);
			writes.attempt(delivery, 1, base.plusSeconds(1), 200, "done");
			awaitEvents(ingest.client(TestKeys.ACME_ADMIN), subscription, List.of("evt_kept"));
			Topics topics = ingest.bean(Topics.class);
			ingest.close();
			// every record the history read is deleted: what it answers next is its own
			deleteEveryRecord(broker.getBrokersAsString(),
					List.of(topics.deliveries().name(), topics.attempts().name()));
		}

		try (RunningIngest restarted = RunningIngest.start(broker.getBrokersAsString(), keyset, state)) {
			WebTestClient acme = restarted.client(TestKeys.ACME_ADMIN);
			Map<String, Object> page = awaitEvents(acme, subscription, List.of("evt_kept"));
			assertThat(items(page.get("data")).get(0)).containsEntry("state", "delivered")
				.containsEntry("attempts", 1)
				.containsEntry("lastStatus", 200);
			acme.get()
				.uri("/v1/deliveries/{id}", delivery.getDeliveryId())
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.attempts[0].responseSnippet")
				.isEqualTo("answer 1");
		}
	}

	@Test
	void entriesOlderThanTheRetentionAreDropped(EmbeddedKafkaBroker broker, @TempDir Path dir) {
		try (RunningIngest ingest = RunningIngest.start(broker.getBrokersAsString(), dir.resolve("keyset.json"),
				"hookline.ingest.history.retention=1h",
				"hookline.ingest.history.application-id=hookline-ingest-history-retention",
				"hookline.ingest.history.state-dir=" + dir.resolve("history"));
				HistoryWrites writes = new HistoryWrites(broker.getBrokersAsString(), ingest.bean(Topics.class))) {
			WebTestClient acme = ingest.client(TestKeys.ACME_ADMIN);
			Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
			Instant old = now.minus(70, ChronoUnit.MINUTES);
			String subscription = writes.subscription("acme", old);
			Delivery aged = writes.queue("acme", subscription, "evt_aged", "order.created", old);
			writes.attempt(aged, 1, old.plusSeconds(1), 500, "hookline.deliveries.retry.1m");
			awaitEvents(acme, subscription, List.of("evt_aged"));

			// a newer record moves the partition's time on: the first is now past the
			// retention
			Delivery fresh = writes.queue("acme", subscription, "evt_fresh", "order.created", now);
			writes.attempt(fresh, 1, now.plusSeconds(1), 200, "done");

			awaitEvents(acme, subscription, List.of("evt_fresh"));
			// the fresh attempt is on another topic than its delivery: it may come a
			// moment later
			await().atMost(CATCH_UP)
				.untilAsserted(() -> assertThat(items(acme.get()
					.uri("/v1/subscriptions/" + subscription + "/attempts")
					.exchange()
					.expectStatus()
					.isOk()
					.expectBody(JSON_OBJECT)
					.returnResult()
					.getResponseBody()
					.get("data"))).extracting(attempt -> attempt.get("eventId")).containsExactly("evt_fresh"));
			expectProblem(acme.get().uri("/v1/deliveries/{id}", aged.getDeliveryId()).exchange(), 404,
					"delivery-not-found");
			expectProblem(acme.get().uri("/v1/events/{id}", "evt_aged").exchange(), 404, "event-not-found");
		}
	}

	private static Map<String, Object> awaitEvents(WebTestClient client, String subscription, List<String> events) {
		return await().atMost(CATCH_UP).until(() -> {
			EntityExchangeResult<Map<String, Object>> answer = client.get()
				.uri("/v1/subscriptions/" + subscription + "/events")
				.exchange()
				.expectBody(JSON_OBJECT)
				.returnResult();
			return answer.getStatus().is2xxSuccessful() ? answer.getResponseBody() : Map.<String, Object>of();
		}, page -> page.get("data") != null
				&& items(page.get("data")).stream().map(entry -> entry.get("eventId")).toList().equals(events));
	}

	private static void deleteEveryRecord(String bootstrapServers, List<String> topics) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
			admin.describeTopics(topics)
				.allTopicNames()
				.get()
				.forEach((name, description) -> description.partitions()
					.forEach(partition -> ends.put(new TopicPartition(name, partition.partition()),
							OffsetSpec.latest())));
			Map<TopicPartition, RecordsToDelete> deletions = new HashMap<>();
			admin.listOffsets(ends)
				.all()
				.get()
				.forEach((partition, end) -> deletions.put(partition, RecordsToDelete.beforeOffset(end.offset())));
			admin.deleteRecords(deletions).all().get();
		}
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> items(@Nullable Object list) {
		return (List<Map<String, Object>>) list;
	}

}
