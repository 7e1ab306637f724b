package dev.hookline.cli;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.hookline.cli.support.ExitCode;
import dev.hookline.schemas.Delivery;
import dev.hookline.schemas.DeliveryIds;
import dev.hookline.schemas.Quarantined;
import dev.hookline.schemas.Quarantines;
import dev.hookline.schemas.Topics;
import dev.hookline.testsupport.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hookline quarantine list|inspect|reinject|discard} on a real broker, with
 * entries written as the services write them: a delivery an older worker could not
 * decode, which this release decodes and re-injects byte for byte; a forged delivery of
 * another tenant, which is never re-injected but can be discarded; a subscription record,
 * which is left to its readers.
 */
@EmbeddedKafka(partitions = 2)
class QuarantineCommandsTest {

	private static final String PREFIX = "quarantine-test.";

	private static final Topics TOPICS = new Topics(PREFIX);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static String brokers;

	@BeforeAll
	static void createTopics() {
		brokers = EmbeddedKafkaCondition.getBroker().getBrokersAsString();
		cli("topics", "create", "--partitions", "2").succeeded();
	}

	@Test
	void listInspectReinjectAndDiscardWhatTheServicesQuarantined() throws Exception {
		Instant at = Instant.parse("2026-12-05T10:00:00Z");
		Delivery delivery = delivery("sub_1", "acme", "evt_1");
		byte[] deliveryBytes = TOPICS.deliveries().valueSerde().serializer().serialize("", delivery);
		RecordHeaders headers = new RecordHeaders(
				List.of(new RecordHeader("traceparent", "00-abc-def-01".getBytes(StandardCharsets.UTF_8))));
		Quarantined unread = Quarantines.of(TOPICS.deliveries().name(), 1, 7, at.minusSeconds(5),
				"sub_1".getBytes(StandardCharsets.UTF_8), deliveryBytes, headers, Quarantines.UNDECODABLE,
				"org.apache.kafka.common.errors.SerializationException: not a readable single-object Avro message",
				"delivery-worker 1@old", at);
		Quarantined forged = Quarantines.of(TOPICS.deliveries().name(), 0, 3, null,
				"sub_2".getBytes(StandardCharsets.UTF_8),
				TOPICS.deliveries().valueSerde().serializer().serialize("", delivery("sub_2", "intruder", "evt_2")),
				null, Quarantines.TENANT_MISMATCH,
				"delivery of tenant 'intruder' names subscription sub_2 of tenant " + "'acme'; not sent",
				"delivery-worker 2@new", at.plusSeconds(1));
		Quarantined subscription = Quarantines.of(TOPICS.subscriptions().name(), 0, 11, null,
				"sub_3".getBytes(StandardCharsets.UTF_8), new byte[] { 1, 2, 3 }, null, Quarantines.UNDECODABLE,
				"not a subscription", "ingest-service 3@new", at.plusSeconds(2));
		quarantine(unread, forged, subscription);
		String unreadId = TOPICS.deliveries().name() + "-1@7";
		String forgedId = TOPICS.deliveries().name() + "-0@3";
		String subscriptionId = TOPICS.subscriptions().name() + "-0@11";

		CliRun list = cli("quarantine", "list").succeeded();
		assertThat(list.out()).contains(unreadId, forgedId, subscriptionId, "tenant_mismatch", "undecodable")
			.contains("3 quarantined records match.");
		assertThat(list.out().indexOf(subscriptionId)).as("newest first").isLessThan(list.out().indexOf(unreadId));
		JsonNode listed = JSON
			.readTree(cli("quarantine", "list", "--reason", "undecodable", "--json").succeeded().out());
		assertThat(listed.path("total").asInt()).isEqualTo(3);
		assertThat(listed.path("matched").asInt()).isEqualTo(2);

		CliRun inspect = cli("quarantine", "inspect", unreadId).succeeded();
		assertThat(inspect.out()).contains("read from:      " + TOPICS.deliveries().name() + ", partition 1, offset 7")
			.contains("key:            sub_1")
			.contains("header:         traceparent: 00-abc-def-01")
			.contains("value:          " + deliveryBytes.length + " bytes")
			.contains("decodes now:    yes, as Delivery");
		assertThat(cli("quarantine", "inspect", subscriptionId).succeeded().out()).contains("decodes now:    no (")
			.contains("is compacted");
		assertThat(cli("quarantine", "inspect", "nowhere-0@0").failedWith(ExitCode.NOT_FOUND))
			.contains("no quarantined record nowhere-0@0");

		assertThat(cli("quarantine", "reinject", forgedId).failedWith(ExitCode.USAGE))
			.contains("its subscription's is never sent");
		assertThat(cli("quarantine", "reinject").failedWith(ExitCode.USAGE)).contains("or --all");
		CliRun dryRun = cli("quarantine", "reinject", "--all", "--dry-run").succeeded();
		assertThat(dryRun.out()).contains("Left in quarantine: " + forgedId, "Left in quarantine: " + subscriptionId)
			.contains("Dry run: would re-inject 1 quarantined records")
			.contains("Nothing was written.");
		assertThat(TopicReader.rawValues(brokers, TOPICS.deliveries().name())).isEmpty();

		assertThat(cli("quarantine", "reinject", "--all").succeeded().out())
			.contains("Re-injected 1 quarantined records");
		List<ConsumerRecord<String, Delivery>> written = TopicReader.readAll(brokers, TOPICS.deliveries());
		assertThat(written).singleElement().satisfies((record) -> {
			assertThat(record.partition()).isEqualTo(1);
			assertThat(record.key()).isEqualTo("sub_1");
			assertThat(record.value()).isEqualTo(delivery);
			assertThat(record.headers().lastHeader("traceparent").value()).asString(StandardCharsets.UTF_8)
				.isEqualTo("00-abc-def-01");
			assertThat(record.headers().lastHeader("hookline-reinjected-from").value()).asString(StandardCharsets.UTF_8)
				.isEqualTo(unreadId);
		});
		assertThat(TopicReader.rawValues(brokers, TOPICS.deliveries().name())).containsExactly(deliveryBytes);

		assertThat(cli("quarantine", "discard", "--all", "--reason", "tenant_mismatch").succeeded().out())
			.contains("Discarded 1 quarantined records.");
		CliRun after = cli("quarantine", "list").succeeded();
		assertThat(after.out()).contains(subscriptionId, "1 quarantined record matches.")
			.doesNotContain(unreadId)
			.doesNotContain(forgedId);

		// an event the router read and could not route fails the same way written back
		quarantine(Quarantines.of(TOPICS.events().name(), 0, 5, null, "acme/order_7".getBytes(StandardCharsets.UTF_8),
				new byte[] { 4, 5, 6 }, null, Quarantines.INVALID,
				"event evt_9 of tenant acme cannot be routed: event data is not valid JSON", "router 4@new",
				at.plusSeconds(3)));
		assertThat(cli("quarantine", "reinject", TOPICS.events().name() + "-0@5").failedWith(ExitCode.USAGE))
			.contains("it would fail the same way");
	}

	private static void quarantine(Quarantined... entries) throws Exception {
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers), new StringSerializer(),
				new ByteArraySerializer())) {
			for (Quarantined entry : entries) {
				ProducerRecord<String, byte[]> record = Quarantines.record(TOPICS, entry);
				producer.send(record).get();
			}
		}
	}

	private static Delivery delivery(String subscriptionId, String tenant, String eventId) {
		Instant now = Instant.parse("2026-12-05T09:59:00Z");
		return Delivery.newBuilder()
			.setDeliveryId(DeliveryIds.of(eventId, subscriptionId))
			.setTenant(tenant)
			.setEventId(eventId)
			.setEventType("post.created")
			.setSubscriptionId(subscriptionId)
			.setSubscriptionVersion(1)
			.setBody(java.nio.ByteBuffer.wrap("{}".getBytes(StandardCharsets.UTF_8)))
			.setAttempt(1)
			.setCreatedAt(now)
			.setDueAt(now)
			.build();
	}

	private static CliRun cli(String... args) {
		String[] all = new String[args.length + 4];
		all[0] = "--bootstrap-servers";
		all[1] = brokers;
		all[2] = "--topic-prefix";
		all[3] = PREFIX;
		System.arraycopy(args, 0, all, 4, args.length);
		return CliRun.run(Map.of(), all);
	}

}
