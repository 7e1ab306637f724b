package dev.hookline.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.hookline.launcher.Api.PublishedEvent;
import dev.hookline.testsupport.Received;
import dev.hookline.testsupport.SaslKafka;
import dev.hookline.testsupport.VerifyingReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The router, the worker and the API on a cluster that wants SASL/SCRAM, configured only
 * through {@code hookline.kafka.properties.*}: a wrong password stops the start with one
 * line that says so; the right one delivers a signed event end to end.
 */
class SecuredKafkaEndToEndTest {

	@TempDir
	Path dir;

	@Test
	void theServicesWorkOnASaslScramClusterAndAWrongPasswordStopsTheStartWithOneLine() throws Exception {
		ApiKey producer = ApiKey.producer("acme", ApiKey.generate("p_acme_"));
		ApiKey admin = ApiKey.admin("acme", ApiKey.generate("a_acme_"));
		try (SaslKafka kafka = SaslKafka.start(); VerifyingReceiver receiver = VerifyingReceiver.start()) {
			assertThatThrownBy(() -> HooklineStack.start(settings(kafka, List.of(producer, admin), "not-the-password")))
				.rootCause()
				.hasMessageContaining("Authentication failed");
			assertThatThrownBy(() -> HooklineStack.start(settings(kafka, List.of(producer, admin), "not-the-password")))
				.hasStackTraceContaining("refused to authenticate Hookline (check hookline.kafka.properties.*");

			try (HooklineStack stack = HooklineStack
				.start(settings(kafka, List.of(producer, admin), SaslKafka.PASSWORD))) {
				Api api = new Api(stack.apiUrl());
				JsonNode created = api.subscribe(admin, receiver.url("/secured"), "order.*");
				receiver.secrets("/secured", created.get("secret").asString());

				api.publish(List.of(new PublishedEvent(producer, "evt_secured", "order.paid", 1)), 1);

				List<Received> received = await().atMost(Duration.ofSeconds(90))
					.until(() -> receiver.received("/secured"), (requests) -> !requests.isEmpty());
				assertThat(received).singleElement().satisfies((request) -> {
					assertThat(request.verified()).as(request.verificationError()).isTrue();
					assertThat(request.body()).contains("evt_secured");
				});
			}
		}
	}

	private HooklineStack.Settings settings(SaslKafka kafka, List<ApiKey> keys, String password) {
		Map<String, Object> extra = new HashMap<>();
		SaslKafka.scram(SaslKafka.USER, password)
			.forEach((name, value) -> extra.put("hookline.kafka.properties." + name, value));
		extra.put("hookline.kafka.partitions", "2");
		return new HooklineStack.Settings(kafka.bootstrapServers(), this.dir.resolve("keyset.json"), 0,
				this.dir.resolve("router"), true, keys, true, extra);
	}

}
