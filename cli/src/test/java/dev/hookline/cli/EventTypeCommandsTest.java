package dev.hookline.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

/**
 * {@code hookline event-types} against the real ingest service, with the admin key that
 * {@code ./hookline up} writes to {@code .hookline/keys.properties}.
 */
@EmbeddedKafka(partitions = 2, brokerProperties = { "transaction.state.log.replication.factor=1",
		"transaction.state.log.min.isr=1", "group.initial.rebalance.delay.ms=0" })
class EventTypeCommandsTest {

	private static final String ADMIN_KEY = "hk_admin_event_types_cli_test";

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
	}

	@Test
	void eventTypesArePutListedShownReplacedAndDeleted() throws IOException {
		Path schema = Files.writeString(home.resolve("invoice-paid.json"),
				"{\"type\":\"object\",\"required\":[\"invoiceId\"]}");
		assertThat(CliRun
			.run(env, "event-types", "put", "invoice.paid", "--module", "billing", "--description", "Paid in full",
					"--schema-file", schema.toString())
			.succeeded()
			.out()).isEqualTo("Created event type invoice.paid (version 1).\n");
		CliRun.run(env, "event-types", "put", "user.created", "--module", "accounts").succeeded();

		assertThat(CliRun.run(env, "event-types", "list").succeeded().out())
			.containsPattern("invoice\\.paid\\s+billing\\s+1\\s+yes\\s+no\\s+Paid in full")
			.contains("user.created");
		JsonNode billing = JSON
			.readTree(CliRun.run(env, "event-types", "list", "--module", "billing", "--json").succeeded().out());
		assertThat(billing.path("data").valueStream().map((t) -> t.path("name").asString()))
			.containsExactly("invoice.paid");

		JsonNode shown = JSON
			.readTree(CliRun.run(env, "event-types", "get", "invoice.paid", "--json").succeeded().out());
		assertThat(shown.path("schema").path("required").get(0).asString()).isEqualTo("invoiceId");
		assertThat(CliRun.run(env, "event-types", "get", "invoice.paid").succeeded().out())
			.containsPattern("Module\\s+billing")
			.contains("\"invoiceId\"");

		assertThat(CliRun.run(env, "event-types", "put", "invoice.paid", "--module", "billing", "--deprecated")
			.succeeded()
			.out()).isEqualTo("Replaced event type invoice.paid (version 2).\n");
		assertThat(CliRun.run(env, "event-types", "list").succeeded().out()).doesNotContain("invoice.paid");
		assertThat(CliRun.run(env, "event-types", "list", "--include-deprecated").succeeded().out())
			.containsPattern("invoice\\.paid\\s+billing\\s+2\\s+no\\s+yes");

		assertThat(CliRun.run(env, "event-types", "delete", "invoice.paid").succeeded().out())
			.isEqualTo("Deleted event type invoice.paid.\n");
		assertThat(CliRun.run(env, "event-types", "get", "invoice.paid").failedWith(ExitCode.NOT_FOUND))
			.contains("invoice.paid", "(HTTP 404)");
		assertThat(CliRun.run(env, "event-types", "delete", "invoice.paid").failedWith(ExitCode.NOT_FOUND))
			.contains("invoice.paid");
	}

	@Test
	void anInvalidSchemaOrNameIsAUsageErrorWithTheApisReason() throws IOException {
		Path broken = Files.writeString(home.resolve("broken.json"), "{\"type\":\"objekt\"}");
		assertThat(CliRun.run(env, "event-types", "put", "order.created", "--schema-file", broken.toString())
			.failedWith(ExitCode.USAGE)).contains("'schema' is not a valid JSON Schema", "(HTTP 422)");
		Path notJson = Files.writeString(home.resolve("not-json.json"), "{nope");
		assertThat(CliRun.run(env, "event-types", "put", "order.created", "--schema-file", notJson.toString())
			.failedWith(ExitCode.USAGE)).contains("not valid JSON");
		assertThat(CliRun.run(env, "event-types", "put", "hookline.test").failedWith(ExitCode.USAGE))
			.contains("reserved", "(HTTP 422)");
	}

}
