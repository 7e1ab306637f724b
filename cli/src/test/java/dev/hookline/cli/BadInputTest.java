package dev.hookline.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.hookline.cli.support.ExitCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Bad input prints one line on stderr, no stack trace, and a non-zero exit code that says
 * what kind of failure it was.
 */
@EmbeddedKafka(partitions = 1)
class BadInputTest {

	/**
	 * Far longer than the CLI's 5 s timeout, far shorter than a Kafka client's defaults.
	 */
	private static final Duration FAIL_FAST = Duration.ofSeconds(20);

	private static String brokers;

	@TempDir
	Path home;

	@BeforeAll
	static void createTopics() {
		brokers = EmbeddedKafkaCondition.getBroker().getBrokersAsString();
		CliRun.run("--bootstrap-servers", brokers, "topics", "create", "--partitions", "1").succeeded();
	}

	@Test
	void anUnknownDeliveryIdIsNotFound() {
		String line = CliRun
			.run(Map.of("HOOKLINE_KAFKA_BOOTSTRAPSERVERS", brokers), "dlq", "inspect", "msg_doesnotexist")
			.failedWith(ExitCode.NOT_FOUND);
		assertThat(line).isEqualTo("hookline: no dead-lettered delivery msg_doesnotexist in hookline.deliveries.dlq");
	}

	@Test
	void kafkaIsFoundThroughTheServicesSpellingFirstAndTheOlderOneStill() {
		// the older spelling points nowhere: the services' spelling wins
		assertThat(CliRun
			.run(Map.of("HOOKLINE_KAFKA_BOOTSTRAPSERVERS", brokers, "HOOKLINE_KAFKA_BOOTSTRAP_SERVERS",
					"nowhere.invalid:9092"), "dlq", "inspect", "msg_a")
			.failedWith(ExitCode.NOT_FOUND)).contains("no dead-lettered delivery msg_a");
		assertThat(CliRun.run(Map.of("HOOKLINE_KAFKA_BOOTSTRAP_SERVERS", brokers), "dlq", "inspect", "msg_b")
			.failedWith(ExitCode.NOT_FOUND)).contains("no dead-lettered delivery msg_b");
	}

	@Test
	void aMalformedTimeIsAUsageErrorNamingTheOption() {
		assertThat(CliRun.run("--bootstrap-servers", brokers, "dlq", "list", "--since", "yesterday")
			.failedWith(ExitCode.USAGE)).contains("'--since'", "'yesterday' is not a time", "30m, 2h, 7d");
		assertThat(CliRun.run("--bootstrap-servers", brokers, "dlq", "replay", "--until", "2026-13-45T00:00:00Z")
			.failedWith(ExitCode.USAGE)).contains("'--until'");
		assertThat(CliRun.run("--bootstrap-servers", brokers, "dlq", "list", "--since", "1h", "--until", "2h")
			.failedWith(ExitCode.USAGE)).contains("--since", "must be before --until");
	}

	@Test
	void anUnreachableBrokerFailsFastWithOneLine() throws IOException {
		int closed = closedPort();
		CliRun run = assertTimeoutPreemptively(FAIL_FAST,
				() -> CliRun.run("--bootstrap-servers", "127.0.0.1:" + closed, "dlq", "list", "--from-topic"));
		assertThat(run.failedWith(ExitCode.UNREACHABLE))
			.startsWith("hookline: cannot reach Kafka at 127.0.0.1:" + closed);
	}

	@Test
	void anUnreachableApiFailsWithOneLine() throws IOException {
		int closed = closedPort();
		CliRun run = assertTimeoutPreemptively(FAIL_FAST, () -> CliRun.run("--api", "http://127.0.0.1:" + closed,
				"--admin-key", "hk_admin_x", "subscriptions", "list"));
		assertThat(run.failedWith(ExitCode.UNREACHABLE))
			.isEqualTo("hookline: cannot reach the Hookline API at http://127.0.0.1:" + closed);
	}

	@Test
	void otherBadInputIsAUsageError() {
		assertThat(CliRun.run("dlq", "replay", "--rate", "fast").failedWith(ExitCode.USAGE)).contains("'--rate'",
				"N/s");
		assertThat(CliRun.run("dlq", "list", "--status", "not a status!").failedWith(ExitCode.USAGE))
			.contains("--status");
		assertThat(CliRun.run("dlq", "list", "--colour").failedWith(ExitCode.USAGE)).contains("--colour",
				"hookline dlq list --help");
		assertThat(CliRun.run("frobnicate").failedWith(ExitCode.USAGE)).contains("frobnicate");
		assertThat(CliRun.run("dlq").failedWith(ExitCode.USAGE)).contains("subcommand");
		assertThat(CliRun.run("--bootstrap-servers", "no-port-here", "dlq", "list", "--from-topic")
			.failedWith(ExitCode.USAGE)).contains("--bootstrap-servers must be host:port");
		assertThat(CliRun.run(Map.of("HOOKLINE_HOME", this.home.toString()), "subscriptions", "list")
			.failedWith(ExitCode.USAGE)).contains("no admin API key", "--admin-key", "HOOKLINE_ADMIN_KEY");
		assertThat(CliRun.run("--admin-key", "k", "--api", "ftp://example.com", "subscriptions", "list")
			.failedWith(ExitCode.USAGE)).contains("--api must be an http(s) URL");
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
