package dev.hookline.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.hookline.cli.support.ExitCode;
import dev.hookline.ingest.IngestApplication;
import dev.hookline.ingest.auth.ApiKeys;
import dev.hookline.testsupport.Behaviour;
import dev.hookline.testsupport.Received;
import dev.hookline.testsupport.VerifyingReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code hookline subscriptions get|update|rotate-secret|test} and the options of
 * {@code create}, against the real ingest service in local mode and a verifying receiver.
 */
@EmbeddedKafka(partitions = 2)
class SubscriptionCommandsTest {

	private static final String ADMIN_KEY = "hk_admin_subscriptions_test";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	static Path home;

	private static ConfigurableApplicationContext ingest;

	private static VerifyingReceiver receiver;

	private static Map<String, String> env;

	@BeforeAll
	static void startIngest() throws IOException {
		String brokers = EmbeddedKafkaCondition.getBroker().getBrokersAsString();
		receiver = VerifyingReceiver.start();
		ingest = IngestApplication.application()
			.properties("server.port=0", "management.server.port=0", "hookline.kafka.bootstrap-servers=" + brokers,
					"hookline.kafka.partitions=2", "hookline.crypto.keyset-file=" + home.resolve("keyset.json"),
					"hookline.crypto.create-if-missing=true", "hookline.local-mode=true", "spring.main.banner-mode=off",
					"logging.level.org.apache.kafka=WARN", "hookline.auth.keys[0].tenant=local",
					"hookline.auth.keys[0].role=ADMIN", "hookline.auth.keys[0].sha256=" + ApiKeys.sha256Hex(ADMIN_KEY))
			.run();
		int port = ((WebServerApplicationContext) ingest).getWebServer().getPort();
		Files.writeString(home.resolve("keys.properties"), "admin=" + ADMIN_KEY + "\n");
		env = Map.of("HOOKLINE_HOME", home.toString(), "HOOKLINE_API", "http://127.0.0.1:" + port);
	}

	@AfterAll
	static void stopIngest() {
		ingest.close();
		receiver.close();
	}

	@Test
	void aSubscriptionIsCreatedWithEveryOptionShownAndChangedField() throws Exception {
		JsonNode created = JSON
			.readTree(CliRun
				.run(env, "subscriptions", "create", "--json", "--url", receiver.url("/cli"), "--event-type", "order.*",
						"--header", "X-Team=billing", "--filter", "[{\"path\":\"/amount\",\"gte\":100}]", "--fields",
						"/id,/amount", "--rate-limit", "20", "--description", "shop")
				.succeeded()
				.out());
		String id = created.path("id").asString();
		assertThat(created.path("headers").path("X-Team").asString()).isEqualTo("billing");
		assertThat(created.path("fields")).hasSize(2);
		assertThat(created.path("warnings").get(0).path("field").asString()).isEqualTo("eventTypes[0]");

		assertThat(CliRun.run(env, "subscriptions", "get", id).succeeded().out()).contains(id, receiver.url("/cli"),
				"order.*", "X-Team: billing", "[{\"path\":\"/amount\",\"gte\":100}]", "/id,/amount", "20/s", "shop",
				"0 delivered, 0 failing, 0 dead-lettered; last: none");

		String updated = CliRun
			.run(env, "subscriptions", "update", id, "--inactive", "--event-type", "order.paid", "--header",
					"X-Region=eu", "--remove-header", "X-Team", "--clear", "filter,rate-limit", "--if-match", "1")
			.succeeded()
			.out();
		assertThat(updated).startsWith("Updated subscription " + id + " to version 2.")
			.contains("order.paid", "X-Region: eu", "no")
			.doesNotContain("X-Team", "20/s", "gte");
		JsonNode read = JSON.readTree(CliRun.run(env, "subscriptions", "get", "--json", id).succeeded().out());
		assertThat(read.path("active").asBoolean()).isFalse();
		assertThat(read.path("filter").isNull()).isTrue();
		assertThat(read.path("rateLimit").isNull()).isTrue();
		assertThat(read.path("description").asString()).isEqualTo("shop");

		assertThat(CliRun.run(env, "subscriptions", "list", "--inactive").succeeded().out()).contains(id);
		assertThat(CliRun.run(env, "subscriptions", "list", "--active").succeeded().out()).doesNotContain(id);
		assertThat(CliRun.run(env, "subscriptions", "update", id, "--active", "--if-match", "1")
			.failedWith(ExitCode.FAILURE)).contains("version 2", "(HTTP 412)");
		assertThat(CliRun.run(env, "subscriptions", "update", id).failedWith(ExitCode.USAGE))
			.contains("nothing to change");
		assertThat(CliRun.run(env, "subscriptions", "update", id, "--rate-limit", "0").failedWith(ExitCode.USAGE))
			.contains("rateLimit", "(HTTP 422)");
		assertThat(CliRun.run(env, "subscriptions", "get", "sub_missing").failedWith(ExitCode.NOT_FOUND))
			.contains("sub_missing");
	}

	@Test
	void aRotatedSecretIsPrintedOnceAndBothSecretsSignATestSend() throws Exception {
		JsonNode created = JSON.readTree(CliRun
			.run(env, "subscriptions", "create", "--json", "--url", receiver.url("/rotate"), "--event-type", "*")
			.succeeded()
			.out());
		String id = created.path("id").asString();

		String rotated = CliRun.run(env, "subscriptions", "rotate-secret", id, "--expires-in", "2h").succeeded().out();
		assertThat(rotated).startsWith("Rotated the signing secret of " + id + " (now version 2).")
			.containsPattern("New secret\\s+whsec_")
			.contains("Old secret signs until");
		String newSecret = rotated.replaceAll("(?s).*New secret\\s+(whsec_\\S+).*", "$1");
		receiver.secrets("/rotate", newSecret);

		assertThat(CliRun.run(env, "subscriptions", "test", id).succeeded().out()).startsWith("Delivered: HTTP 200 in ")
			.contains("webhook-id msg_", "response {\"received\":true,\"status\":200}");
		Received got = receiver.received("/rotate").get(0);
		assertThat(got.verified()).as(got.verificationError()).isTrue();
		assertThat(got.header("webhook-signature").split(" ")).hasSize(2);
		assertThat(JSON.readTree(got.body()).path("type").asString()).isEqualTo("hookline.test");

		receiver.behave("/rotate", Behaviour.status(500));
		assertThat(CliRun.run(env, "subscriptions", "test", id).failedWith(ExitCode.FAILURE))
			.startsWith("hookline: the endpoint did not take the test event: HTTP 500 in ");
		CliRun json = CliRun.run(env, "subscriptions", "test", "--json", id);
		assertThat(json.exitCode()).isEqualTo(ExitCode.FAILURE);
		assertThat(JSON.readTree(json.out()).path("status").asInt()).isEqualTo(500);

		assertThat(CliRun.run(env, "subscriptions", "rotate-secret", id, "--expires-in", "soon")
			.failedWith(ExitCode.USAGE)).contains("--expires-in");
		assertThat(
				CliRun.run(env, "subscriptions", "rotate-secret", id, "--expires-in", "8d").failedWith(ExitCode.USAGE))
			.contains("expiresIn", "(HTTP 422)");
	}

}
