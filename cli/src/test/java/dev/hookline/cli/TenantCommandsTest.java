package dev.hookline.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.hookline.cli.support.ExitCode;
import dev.hookline.ingest.IngestApplication;
import dev.hookline.ingest.auth.ApiKeys;
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
import static org.awaitility.Awaitility.await;

/**
 * {@code hookline tenants} and {@code hookline keys} against the real ingest service,
 * with the operator key that {@code ./hookline up} writes to
 * {@code .hookline/keys.properties}: a tenant created and given keys works at once, and a
 * revoked key is refused, without a restart.
 */
@EmbeddedKafka(partitions = 2, brokerProperties = { "transaction.state.log.replication.factor=1",
		"transaction.state.log.min.isr=1", "group.initial.rebalance.delay.ms=0" })
class TenantCommandsTest {

	private static final String OPERATOR_KEY = "hk_operator_cli_test";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	static Path home;

	private static ConfigurableApplicationContext ingest;

	private static Map<String, String> env;

	@BeforeAll
	static void startIngest() throws IOException {
		String brokers = EmbeddedKafkaCondition.getBroker().getBrokersAsString();
		ingest = IngestApplication.application()
			.properties("server.port=0", "management.server.port=0", "hookline.kafka.bootstrap-servers=" + brokers,
					"hookline.kafka.partitions=2", "hookline.crypto.keyset-file=" + home.resolve("keyset.json"),
					"hookline.crypto.create-if-missing=true", "spring.main.banner-mode=off",
					"logging.level.org.apache.kafka=WARN",
					"hookline.auth.operator-keys[0]=" + ApiKeys.sha256Hex(OPERATOR_KEY))
			.run();
		int port = ((WebServerApplicationContext) ingest).getWebServer().getPort();
		Files.writeString(home.resolve("keys.properties"), "operator=" + OPERATOR_KEY + "\n");
		env = Map.of("HOOKLINE_HOME", home.toString(), "HOOKLINE_API", "http://127.0.0.1:" + port);
	}

	@AfterAll
	static void stopIngest() {
		ingest.close();
	}

	@Test
	void anOperatorCreatesATenantIssuesRotatesAndRevokesItsKeys() {
		assertThat(CliRun.run(env, "tenants", "create", "hooli", "--name", "Hooli XYZ").succeeded().out())
			.startsWith("Created tenant hooli.");
		assertThat(CliRun.run(env, "tenants", "list").succeeded().out()).containsPattern("hooli\\s+Hooli XYZ");
		assertThat(CliRun.run(env, "tenants", "get", "hooli").succeeded().out()).containsPattern("name\\s+Hooli XYZ");

		JsonNode admin = JSON.readTree(
				CliRun.run(env, "keys", "issue", "--tenant", "hooli", "--role", "admin", "--name", "ops", "--json")
					.succeeded()
					.out());
		String adminKey = admin.path("key").asString();
		assertThat(adminKey).startsWith("hk_admin_");
		String issued = CliRun
			.run(env, "keys", "issue", "--tenant", "hooli", "--role", "producer", "--expires-in", "90d")
			.succeeded()
			.out();
		assertThat(issued).containsPattern("Issued producer key key_[0-9a-f]{24} for tenant hooli.")
			.containsPattern("Key\\s+hk_prod_[0-9a-f]{48}")
			.contains("never shows it again");

		Map<String, String> asAdmin = new HashMap<>(env);
		asAdmin.put("HOOKLINE_ADMIN_KEY", adminKey);
		assertThat(CliRun.run(asAdmin, "subscriptions", "list").succeeded().out()).contains("No subscriptions");

		String listed = CliRun.run(env, "keys", "list", "--tenant", "hooli").succeeded().out();
		assertThat(listed).containsPattern(admin.path("id").asString() + "\\s+admin\\s+active\\s+ops")
			.doesNotContain(adminKey);

		JsonNode rotated = JSON.readTree(CliRun
			.run(env, "keys", "rotate", "--tenant", "hooli", admin.path("id").asString(), "--expires-in", "0", "--json")
			.succeeded()
			.out());
		assertThat(CliRun.run(asAdmin, "subscriptions", "list").failedWith(ExitCode.FAILURE)).contains("HTTP 401");
		asAdmin.put("HOOKLINE_ADMIN_KEY", rotated.path("key").path("key").asString());
		CliRun.run(asAdmin, "subscriptions", "list").succeeded();

		assertThat(CliRun.run(env, "keys", "revoke", "--tenant", "hooli", rotated.path("key").path("id").asString())
			.succeeded()
			.out()).contains("refuses it within seconds");
		await()
			.untilAsserted(() -> assertThat(CliRun.run(asAdmin, "subscriptions", "list").failedWith(ExitCode.FAILURE))
				.contains("HTTP 401"));
		assertThat(CliRun.run(env, "keys", "get", "--tenant", "hooli", rotated.path("key").path("id").asString())
			.succeeded()
			.out()).containsPattern("status\\s+revoked");
	}

	@Test
	void mistakesAreOneLineWithTheApisReason() {
		assertThat(CliRun.run(env, "tenants", "create", "a/b").failedWith(ExitCode.USAGE)).contains("'id'",
				"(HTTP 422)");
		assertThat(CliRun.run(env, "keys", "issue", "--tenant", "nobody", "--role", "admin")
			.failedWith(ExitCode.NOT_FOUND)).contains("nobody");
		CliRun.run(env, "tenants", "create", "mistakes").succeeded();
		assertThat(
				CliRun.run(env, "keys", "issue", "--tenant", "mistakes", "--role", "root").failedWith(ExitCode.USAGE))
			.contains("'role' must be producer or admin");
		assertThat(CliRun.run(env, "keys", "list").failedWith(ExitCode.USAGE)).contains("--tenant");
		Map<String, String> noKey = Map.of("HOOKLINE_HOME", home.resolve("none").toString(), "HOOKLINE_API",
				env.get("HOOKLINE_API"));
		assertThat(CliRun.run(noKey, "tenants", "list").failedWith(ExitCode.USAGE)).contains("no operator API key",
				"--operator-key", "HOOKLINE_OPERATOR_KEY");
	}

}
