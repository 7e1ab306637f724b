package dev.hookline.ingest;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * With its broker gone, the service answers 503 within its Kafka timeouts: never a 202
 * for an event that may not be stored, never a hanging request.
 */
@EmbeddedKafka(partitions = 1)
class BrokerOutageTest {

	private static final String EVENT = """
			{"type":"order.created","data":{"total":1}}""";

	@Test
	void eventsAndSubscriptionReadsAreAnswered503WhileKafkaIsDown(EmbeddedKafkaBroker broker, @TempDir Path dir) {
		try (RunningIngest ingest = RunningIngest.start(broker.getBrokersAsString(), dir.resolve("keyset.json"),
				"hookline.ingest.kafka-timeout=2s")) {
			WebTestClient producer = ingest.client(TestKeys.ACME_PRODUCER);
			publish(producer).expectStatus().isAccepted();

			broker.destroy();

			unavailable(publish(producer));
			WebTestClient admin = ingest.client(TestKeys.ACME_ADMIN);
			unavailable(admin.get().uri("/v1/subscriptions").exchange());
		}
	}

	private static WebTestClient.ResponseSpec publish(WebTestClient producer) {
		return producer.post().uri("/v1/events").contentType(MediaType.APPLICATION_JSON).bodyValue(EVENT).exchange();
	}

	private static void unavailable(WebTestClient.ResponseSpec response) {
		response.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.exists("Retry-After")
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://hookline.dev/problems/kafka-unavailable");
	}

}
