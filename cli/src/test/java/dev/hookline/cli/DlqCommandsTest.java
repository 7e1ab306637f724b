package dev.hookline.cli;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.ReplayMark;
import dev.hookline.schemas.Subscription;
import dev.hookline.sender.secrets.SecretCipher;
import dev.hookline.sender.secrets.SigningSecrets;
import dev.hookline.testsupport.Received;
import dev.hookline.testsupport.VerifyingReceiver;
import dev.hookline.worker.WorkerApplication;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The DLQ commands on a real broker. Dead letters and subscriptions are written straight
 * to the topics; replays are sent by the real delivery worker to a receiver that verifies
 * every signature. Tests that need no worker use a topic prefix of their own.
 */
@EmbeddedKafka(partitions = 2,
		brokerProperties = { "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1" })
class DlqCommandsTest {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	static Path temp;

	private static String brokers;

	private static SecretCipher cipher;

	private static VerifyingReceiver receiver;

	private static ConfigurableApplicationContext worker;

	@BeforeAll
	static void startWorker() throws Exception {
		brokers = EmbeddedKafkaCondition.getBroker().getBrokersAsString();
		String keyset = SecretCipher.generateKeysetJson();
		Path keysetFile = Files.writeString(temp.resolve("keyset.json"), keyset);
		cipher = SecretCipher.fromKeysetJson(keyset);
		receiver = VerifyingReceiver.start();
		cli("topics", "create", "--partitions", "2").succeeded();
		worker = WorkerApplication.application()
			.properties("hookline.kafka.bootstrap-servers=" + brokers, "hookline.kafka.partitions=2",
					"hookline.crypto.keyset-file=" + keysetFile, "hookline.local-mode=true",
					"spring.main.banner-mode=off", "logging.level.org.apache.kafka=WARN")
			.run();
	}

	@AfterAll
	static void stopWorker() {
		worker.close();
		receiver.close();
	}

	@Test
	void aDryRunChangesNothingAndAReplaySendsEveryDeadLetterOnceWithItsWebhookIdUnlessAgainIsGiven() throws Exception {
		try (DeadLetterFixtures kafka = new DeadLetterFixtures(brokers, "hookline.")) {
			String secret = SigningSecrets.generate();
			kafka.write(subscription("sub_healed", receiver.url("/healed"), secret));
			receiver.secrets("/healed", secret);
			Instant failedAt = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
			List<Delivery> dead = List.of(
					kafka.deadLetter(DeadLetterFixtures.failed("sub_healed", "evt_1", "invoice.paid", failedAt, 503)),
					kafka.deadLetter(DeadLetterFixtures.failed("sub_healed", "evt_2", "invoice.paid", failedAt, 503)),
					kafka
						.deadLetter(DeadLetterFixtures.failed("sub_healed", "evt_3", "invoice.voided", failedAt, 500)));
			List<String> ids = dead.stream().map(Delivery::getDeliveryId).toList();

			CliRun list = cli("dlq", "list", "--from-topic").succeeded();
			assertThat(list.out()).contains(ids).contains("HTTP 503", "HTTP 500", "exhausted", "invoice.voided");
			assertThat(list.out()).contains("3 dead-lettered deliveries match, 0 of them replayed.");
			JsonNode listed = JSON.readTree(cli("dlq", "list", "--from-topic", "--json").succeeded().out());
			assertThat(listed.path("matched").asInt()).isEqualTo(3);
			assertThat(listed.path("deliveries").valueStream().map((d) -> d.path("deliveryId").asString()))
				.containsExactlyInAnyOrderElementsOf(ids);
			assertThat(listed.path("deliveries").get(0).path("attempts").asInt()).isEqualTo(6);

			int deliveriesBefore = kafka.readAll(kafka.topics().deliveries()).size();
			CliRun dryRun = cli("dlq", "replay", "--dry-run").succeeded();
			assertThat(dryRun.out()).contains("Dry run: would replay 3 deliveries to hookline.deliveries")
				.contains(ids)
				.contains("Nothing was sent or recorded.");
			assertThat(kafka.readAll(kafka.topics().deliveries())).hasSize(deliveriesBefore);
			assertThat(kafka.readAll(kafka.topics().replays())).isEmpty();

			CliRun replay = cli("dlq", "replay").succeeded();
			assertThat(replay.out()).contains("Replayed 3 deliveries to hookline.deliveries");
			Map<String, List<Received>> first = awaitRequests("/healed", 3);
			assertThat(first).containsOnlyKeys(ids);
			assertThat(first.values()).allSatisfy((requests) -> assertThat(requests).singleElement()
				.satisfies((request) -> assertThat(request.verified()).as(request.verificationError()).isTrue()));
			for (Delivery delivery : dead) {
				assertThat(first.get(delivery.getDeliveryId()).get(0).body()).isEqualTo(body(delivery));
			}
			List<Delivery> republished = republished(kafka, ids);
			assertThat(republished).hasSize(3).allSatisfy((delivery) -> {
				assertThat(delivery.getAttempt()).isEqualTo(1);
				assertThat(delivery.getLastOutcome()).isNull();
				assertThat(delivery.getDeadLetterReason()).isNull();
			});
			List<ReplayMark> marks = kafka.readAll(kafka.topics().replays())
				.stream()
				.map(ConsumerRecord::value)
				.toList();
			assertThat(marks).extracting(ReplayMark::getDeliveryId).containsExactlyInAnyOrderElementsOf(ids);
			assertThat(cli("dlq", "list", "--from-topic").succeeded().out()).contains("3 of them replayed");

			CliRun second = cli("dlq", "replay").succeeded();
			assertThat(second.out()).contains("Nothing to replay")
				.contains("the 3 matching DLQ records were all replayed before");
			assertThat(republished(kafka, ids)).hasSize(3);
			assertThat(receiver.received("/healed")).hasSize(3);

			CliRun again = cli("dlq", "replay", "--again").succeeded();
			assertThat(again.out()).contains("Replayed 3 deliveries", "including 3 replayed before");
			Map<String, List<Received>> both = awaitRequests("/healed", 6);
			assertThat(both).containsOnlyKeys(ids).allSatisfy((id, requests) -> assertThat(requests).hasSize(2));
			assertThat(receiver.received("/healed")).allMatch(Received::verified);
		}
	}

	@Test
	void listFiltersBySubscriptionEventTypeTimeAndStatus() throws Exception {
		String prefix = "filters.";
		cli("--topic-prefix", prefix, "topics", "create", "--partitions", "2").succeeded();
		try (DeadLetterFixtures kafka = new DeadLetterFixtures(brokers, prefix)) {
			Instant now = Instant.now();
			Delivery recentA = kafka
				.deadLetter(DeadLetterFixtures.failed("sub_a", "evt_a1", "invoice.paid", now.minusSeconds(600), 503));
			Delivery oldA = kafka.deadLetter(DeadLetterFixtures.failed("sub_a", "evt_a2", "customer.deleted",
					now.minus(Duration.ofHours(5)), 410));
			Delivery recentB = kafka
				.deadLetter(DeadLetterFixtures.failed("sub_b", "evt_b1", "invoice.voided", now.minusSeconds(300), 500));

			assertThat(listed(prefix, "--subscription", "sub_a")).containsExactlyInAnyOrder(recentA.getDeliveryId(),
					oldA.getDeliveryId());
			assertThat(listed(prefix, "--event-type", "invoice.*")).containsExactlyInAnyOrder(recentA.getDeliveryId(),
					recentB.getDeliveryId());
			assertThat(listed(prefix, "--since", "2h")).containsExactlyInAnyOrder(recentA.getDeliveryId(),
					recentB.getDeliveryId());
			assertThat(listed(prefix, "--until", now.minus(Duration.ofHours(1)).toString()))
				.containsExactly(oldA.getDeliveryId());
			assertThat(listed(prefix, "--status", "5xx")).containsExactlyInAnyOrder(recentA.getDeliveryId(),
					recentB.getDeliveryId());
			assertThat(listed(prefix, "--status", "410")).containsExactly(oldA.getDeliveryId());
			assertThat(listed(prefix, "--subscription", "sub_a", "--since", "1h", "--event-type", "invoice.paid"))
				.containsExactly(recentA.getDeliveryId());

			CliRun table = cli("--topic-prefix", prefix, "dlq", "list", "--from-topic", "--subscription", "sub_b")
				.succeeded();
			assertThat(table.out()).contains(recentB.getDeliveryId(), "sub_b", "invoice.voided", "HTTP 500")
				.doesNotContain(recentA.getDeliveryId());
			assertThat(cli("--topic-prefix", prefix, "dlq", "list", "--from-topic", "--subscription", "sub_none")
				.succeeded()
				.out()).contains("No dead-lettered deliveries match (the DLQ holds 3).");
		}
	}

	@Test
	void aFilteredReplaySendsOnlyWhatMatchesAndALaterReplayTheRestAndADeliveryThatFailsAgainCanBeReplayedAgain()
			throws Exception {
		String prefix = "partial.";
		cli("--topic-prefix", prefix, "topics", "create", "--partitions", "2").succeeded();
		try (DeadLetterFixtures kafka = new DeadLetterFixtures(brokers, prefix)) {
			Instant at = Instant.now().minusSeconds(60);
			Delivery a = kafka.deadLetter(DeadLetterFixtures.failed("sub_a", "evt_1", "invoice.paid", at, 503));
			Delivery b = kafka.deadLetter(DeadLetterFixtures.failed("sub_b", "evt_2", "invoice.paid", at, 503));

			assertThat(cli("--topic-prefix", prefix, "dlq", "replay", "--subscription", "sub_a", "--rate", "50/s")
				.succeeded()
				.out()).contains("Replayed 1 delivery");
			assertThat(deliveryIds(kafka)).containsExactly(a.getDeliveryId());

			assertThat(cli("--topic-prefix", prefix, "dlq", "replay").succeeded().out()).contains("Replayed 1 delivery",
					"skipping 1 replayed before");
			assertThat(deliveryIds(kafka)).containsExactlyInAnyOrder(a.getDeliveryId(), b.getDeliveryId());

			// replayed, failed six times again, and dead-lettered again: a new DLQ record
			kafka.deadLetter(DeadLetterFixtures.failed("sub_a", "evt_1", "invoice.paid", Instant.now(), 502));
			CliRun replay = cli("--topic-prefix", prefix, "dlq", "replay", "--json").succeeded();
			JsonNode summary = JSON.readTree(replay.out());
			assertThat(summary.path("replayed").asInt()).isEqualTo(1);
			assertThat(summary.path("alreadyReplayed").asInt()).isEqualTo(2);
			assertThat(summary.path("deliveryIds").get(0).asString()).isEqualTo(a.getDeliveryId());
			assertThat(deliveryIds(kafka)).containsExactlyInAnyOrder(a.getDeliveryId(), b.getDeliveryId(),
					a.getDeliveryId());
		}
	}

	@Test
	void inspectShowsTheLastOutcomeTheBodyAndTheReplay() throws Exception {
		String prefix = "inspect.";
		cli("--topic-prefix", prefix, "topics", "create", "--partitions", "2").succeeded();
		try (DeadLetterFixtures kafka = new DeadLetterFixtures(brokers, prefix)) {
			Delivery dead = kafka.deadLetter(DeadLetterFixtures.failed("sub_i", "evt_i", "invoice.paid",
					Instant.parse("2026-11-22T10:15:30Z"), 503));

			CliRun before = cli("--topic-prefix", prefix, "dlq", "inspect", dead.getDeliveryId()).succeeded();
			assertThat(before.out()).contains(dead.getDeliveryId(), "evt_i (invoice.paid)", "sub_i (version 1)",
					"6, first 2026-11-21T19:39:30Z, last 2026-11-22T10:15:30Z", "HTTP 503 after 87 ms", "exhausted",
					"not yet", "in_evt_i");

			cli("--topic-prefix", prefix, "dlq", "replay").succeeded();
			JsonNode after = JSON.readTree(
					cli("--topic-prefix", prefix, "dlq", "inspect", "--json", dead.getDeliveryId()).succeeded().out());
			JsonNode record = after.path("records").get(0);
			assertThat(record.path("replayed").path("runId").asString()).startsWith("rpl_");
			assertThat(record.path("lastOutcome").path("status").asInt()).isEqualTo(503);
			assertThat(record.path("body").path("data").path("invoiceId").asString()).isEqualTo("in_evt_i");
		}
	}

	private static CliRun cli(String... args) {
		String[] all = new String[args.length + 2];
		all[0] = "--bootstrap-servers";
		all[1] = brokers;
		System.arraycopy(args, 0, all, 2, args.length);
		return CliRun.run(Map.of(), all);
	}

	private static List<String> listed(String prefix, String... filters) throws Exception {
		String[] args = new String[filters.length + 6];
		args[0] = "--topic-prefix";
		args[1] = prefix;
		args[2] = "dlq";
		args[3] = "list";
		args[4] = "--from-topic";
		args[5] = "--json";
		System.arraycopy(filters, 0, args, 6, filters.length);
		JsonNode listed = JSON.readTree(cli(args).succeeded().out());
		return listed.path("deliveries").valueStream().map((d) -> d.path("deliveryId").asString()).toList();
	}

	private static Map<String, List<Received>> awaitRequests(String path, int count) {
		await().atMost(PATIENCE).until(() -> receiver.received(path).size() >= count);
		return receiver.received(path).stream().collect(Collectors.groupingBy(Received::webhookId));
	}

	private static List<Delivery> republished(DeadLetterFixtures kafka, List<String> ids) {
		return kafka.readAll(kafka.topics().deliveries())
			.stream()
			.map(ConsumerRecord::value)
			.filter((delivery) -> ids.contains(delivery.getDeliveryId()))
			.toList();
	}

	private static List<String> deliveryIds(DeadLetterFixtures kafka) {
		return kafka.readAll(kafka.topics().deliveries())
			.stream()
			.map((record) -> record.value().getDeliveryId())
			.toList();
	}

	private static String body(Delivery delivery) {
		ByteBuffer body = delivery.getBody().duplicate();
		byte[] bytes = new byte[body.remaining()];
		body.get(bytes);
		return new String(bytes, StandardCharsets.UTF_8);
	}

	private static Subscription subscription(String id, String url, String secret) {
		Instant now = Instant.now();
		return Subscription.newBuilder()
			.setId(id)
			.setTenant("acme")
			.setUrl(url)
			.setSecret(ByteBuffer.wrap(cipher.encrypt(secret, "acme", id)))
			.setEventTypes(List.of("*"))
			.setVersion(1)
			.setCreatedAt(now)
			.setUpdatedAt(now)
			.build();
	}

}
