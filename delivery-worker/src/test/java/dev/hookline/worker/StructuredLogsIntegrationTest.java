package dev.hookline.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.hookline.schemas.Delivery;
import dev.hookline.testsupport.Behaviour;
import dev.hookline.testsupport.VerifyingReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * JSON logs, Spring Boot's structured logging, from the real worker: a delivery whose
 * endpoint answers 410 disables its subscription and is dead-lettered, and the lines
 * saying so carry the delivery's, the subscription's and the tenant's ids as fields.
 */
@EmbeddedKafka
@ExtendWith(OutputCaptureExtension.class)
class StructuredLogsIntegrationTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path temp;

	@Test
	void linesAboutADeliveryCarryItsIdsAsFields(CapturedOutput output) throws Exception {
		TestWorker setUp = TestWorker.prepare(this.temp);
		String id = UUID.randomUUID().toString().substring(0, 8);
		try (VerifyingReceiver receiver = VerifyingReceiver.start();
				TopicsClient kafka = new TopicsClient(setUp.brokers());
				ConfigurableApplicationContext worker = setUp.start("logging.structured.format.console=logstash")) {
			String subscriptionId = kafka.subscribe(receiver, setUp.cipher(), "/gone/" + id, Behaviour.status(410));
			Delivery delivery = kafka.send(TopicsClient.delivery(subscriptionId, 1, "evt-" + id));

			JsonNode deadLettered = await().atMost(Duration.ofSeconds(60))
				.until(() -> line(output, "delivery " + delivery.getDeliveryId() + " dead-lettered"),
						(found) -> found != null);
			assertThat(fields(deadLettered, "deliveryId", "subscriptionId", "tenant", "eventId"))
				.containsExactly(delivery.getDeliveryId(), subscriptionId, "acme", "evt-" + id);
			assertThat(deadLettered.get("level").asString()).isEqualTo("INFO");
			JsonNode disabling = line(output, "disabling subscription " + subscriptionId);
			assertThat(disabling).isNotNull();
			assertThat(fields(disabling, "subscriptionId", "tenant")).containsExactly(subscriptionId, "acme");
		}
	}

	/** The first JSON log line whose message starts so; null when there is none yet. */
	private static JsonNode line(CapturedOutput output, String messageStart) {
		for (String line : output.getOut().split("\n")) {
			if (line.startsWith("{") && line.contains(messageStart)) {
				JsonNode json = JSON.readTree(line);
				if (json.get("message").asString().startsWith(messageStart)) {
					return json;
				}
			}
		}
		return null;
	}

	private static List<String> fields(JsonNode line, String... names) {
		return List.of(names).stream().map((name) -> line.path(name).asString(null)).toList();
	}

}
