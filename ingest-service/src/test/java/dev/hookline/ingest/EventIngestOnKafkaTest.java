package dev.hookline.ingest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import dev.hookline.schemas.Event;
import dev.hookline.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.web.reactive.server.WebTestClient;

import static dev.hookline.ingest.Problems.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance criterion of ingest, on a real broker: bad input is answered 4xx with a
 * problem document and writes nothing; good input is in Kafka before it is answered 202.
 */
@EmbeddedKafka(partitions = 2)
class EventIngestOnKafkaTest {

	private static RunningIngest ingest;

	private static String bootstrapServers;

	private static Topics topics;

	@BeforeAll
	static void start(EmbeddedKafkaBroker broker, @TempDir Path dir) {
		bootstrapServers = broker.getBrokersAsString();
		ingest = RunningIngest.start(bootstrapServers, dir.resolve("keyset.json"));
		topics = ingest.bean(Topics.class);
	}

	@AfterAll
	static void stop() {
		ingest.close();
	}

	@Test
	void badInputIsRefusedWithAProblemAndNothingOfItReachesKafka() {
		String marker = UUID.randomUUID().toString();
		String valid = "{\"type\":\"probe.checked\",\"data\":{\"probe\":\"" + marker + "\"}}";
		WebTestClient producer = ingest.client(TestKeys.PROBE_PRODUCER);

		refused(ingest.anonymousClient(), valid, 401, "unauthorized");
		refused(ingest.client("hk_not_a_key"), valid, 401, "unauthorized");
		refused(ingest.client(TestKeys.ACME_ADMIN), valid, 403, "wrong-role");
		refused(producer, valid.replace("}}", "},\"key\":\"" + "k".repeat(300 * 1024) + "\"}"), 413, "body-too-large");
		refusedChunked(producer, 400);
		refused(producer, valid.replace("{\"probe\"", "[".repeat(40) + "]".repeat(40) + ",{\"probe\""), 400,
				"json-too-deep");
		refused(producer, valid.replace("probe.checked", "Probe Checked"), 400, "invalid-event");
		refused(producer, valid.substring(0, valid.length() - 2), 400, "malformed-json");
		refused(producer, valid.replace("}}", "},\"colour\":\"red\"}"), 400, "invalid-event");
		refused(producer, "[" + valid + "," + valid.replace("probe.checked", "checked") + "]", 400, "invalid-event");

		String sentinel = "{\"type\":\"probe.sentinel\",\"data\":{\"sentinel\":\"" + marker + "\"}}";
		String sentinelId = accepted(producer, sentinel, null).get(0);

		List<Event> probes = TopicRecords.readAll(bootstrapServers, topics.events())
			.stream()
			.map(ConsumerRecord::value)
			.filter(event -> event.getTenant().equals("probe") || event.getData().contains(marker))
			.toList();
		assertThat(probes).extracting(Event::getId).containsExactly(sentinelId);
	}

	@Test
	void anAcceptedEventIsInKafkaWithItsTenantTypeDataAndKey() {
		String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
		String id = accepted(ingest.client(TestKeys.ACME_PRODUCER), """
				{"type":"order.created","data":{"total": 12.50, "lines":[{"sku":"A-1"}]},"key":"order-7",
				 "occurredAt":"2025-03-01T10:15:30.123Z"}""", traceparent).get(0);

		ConsumerRecord<String, Event> record = recordOf(id);
		Event event = record.value();
		assertThat(record.key()).isEqualTo("acme/order-7");
		assertThat(event.getTenant()).isEqualTo("acme");
		assertThat(event.getType()).isEqualTo("order.created");
		assertThat(event.getData()).isEqualTo("{\"total\":12.50,\"lines\":[{\"sku\":\"A-1\"}]}");
		assertThat(event.getOrderingKey()).isEqualTo("order-7");
		assertThat(event.getOccurredAt()).isEqualTo("2025-03-01T10:15:30.123Z");
		// the producer's trace, continued by ingest's span (hookline.ingest)
		assertThat(event.getTraceparent()).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-")
			.doesNotContain("00f067aa0ba902b7")
			.endsWith("-01");
	}

	@Test
	void anAcceptedBatchIsInKafkaEventByEvent() {
		List<String> ids = accepted(ingest.client(TestKeys.ACME_PRODUCER), """
				[{"type":"user.signed_up","data":{"user":1}},
				 {"type":"user.signed_up","data":{"user":2},"id":"usr_2:signup"},
				 {"type":"user.verified","data":"yes"}]""", null);

		assertThat(ids).hasSize(3).contains("usr_2:signup");
		assertThat(ids).extracting(id -> recordOf(id).value().getData())
			.containsExactly("{\"user\":1}", "{\"user\":2}", "\"yes\"");
		assertThat(ids).extracting(id -> recordOf(id).key())
			.containsExactly("acme/" + ids.get(0), "acme/usr_2:signup", "acme/" + ids.get(2));
	}

	private static ConsumerRecord<String, Event> recordOf(String id) {
		List<ConsumerRecord<String, Event>> found = TopicRecords.readAll(bootstrapServers, topics.events())
			.stream()
			.filter(record -> record.value().getId().equals(id))
			.toList();
		assertThat(found).as("records of event " + id).hasSize(1);
		return found.get(0);
	}

	private static List<String> accepted(WebTestClient client, String body, String traceparent) {
		return client.post().uri("/v1/events").headers(headers -> {
			if (traceparent != null) {
				headers.set("traceparent", traceparent);
			}
		})
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody(Ids.class)
			.returnResult()
			.getResponseBody()
			.ids();
	}

	private static void refused(WebTestClient client, String body, int status, String slug) {
		expectProblem(
				client.post().uri("/v1/events").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange(),
				status, slug);
	}

	private static void refusedChunked(WebTestClient client, int kibibytes) {
		Flux<DataBuffer> chunks = Flux.range(0, kibibytes)
			.map(i -> DefaultDataBufferFactory.sharedInstance.wrap(" ".repeat(1024).getBytes(StandardCharsets.UTF_8)));
		expectProblem(client.post()
			.uri("/v1/events")
			.contentType(MediaType.APPLICATION_JSON)
			.body(chunks, DataBuffer.class)
			.exchange(), 413, "body-too-large");
	}

	/** The answer to an accepted request. */
	record Ids(List<String> ids) {

	}

}
