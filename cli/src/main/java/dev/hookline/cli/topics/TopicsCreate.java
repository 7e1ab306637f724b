package dev.hookline.cli.topics;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.hookline.cli.kafka.KafkaAccess;
import dev.hookline.cli.support.CliContext;
import dev.hookline.cli.support.CliException;
import dev.hookline.cli.support.ExitCode;
import dev.hookline.cli.support.Json;
import dev.hookline.cli.support.Table;
import dev.hookline.schemas.KafkaSettings;
import dev.hookline.schemas.TopicProvisioner;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code hookline topics create}: creates whichever of Hookline's topics are missing,
 * with their partitions, compaction and retention, and shows every topic as it is.
 * Existing topics are never changed; one whose cleanup policy differs from Hookline's is
 * flagged.
 */
@Command(name = "create", description = { "Create every missing Hookline topic with its partitions, compaction and "
		+ "retention. Idempotent: existing topics are left as they are (and flagged when their cleanup policy is "
		+ "not Hookline's).", "", "Example: hookline topics create --partitions 24" })
final class TopicsCreate implements Callable<Integer> {

	private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(30);

	@Spec
	@Nullable CommandSpec spec;

	@Option(names = "--partitions", paramLabel = "N",
			description = "Partitions of the events, deliveries, retry, DLQ and attempts topics (env "
					+ "HOOKLINE_KAFKA_PARTITIONS, default 12); compacted topics get at most 3.")
	@Nullable Integer partitions;

	@Option(names = "--replication-factor", paramLabel = "N",
			description = "Replicas of every topic (env HOOKLINE_KAFKA_REPLICATIONFACTOR; default 3, or one per "
					+ "broker on a smaller cluster), with min.insync.replicas one fewer, at most 2.")
	@Nullable Short replicationFactor;

	@Option(names = "--json", description = "Print one JSON document instead of a table.")
	boolean json;

	@Override
	public Integer call() throws Exception {
		CommandSpec spec = java.util.Objects.requireNonNull(this.spec);
		KafkaSettings base = CliContext.of(spec).kafka();
		KafkaSettings settings = settings(base);
		try (KafkaAccess kafka = KafkaAccess.connect(settings)) {
			short replicas;
			try {
				replicas = TopicProvisioner.replicationFactor(settings, kafka.admin());
			}
			catch (IllegalStateException ex) {
				throw CliException.usage(ex.getMessage().replace("hookline.kafka.", "--"));
			}
			List<NewTopic> wanted = settings.topics().definitions(settings.partitions(), replicas);
			Set<String> existing = kafka.admin()
				.listTopics()
				.names()
				.get(KafkaAccess.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			List<NewTopic> missing = wanted.stream().filter((t) -> !existing.contains(t.name())).toList();
			List<String> created = create(kafka, missing);
			List<TopicState> states = new ArrayList<>();
			Map<String, TopicState> actual = describe(kafka,
					wanted.stream().map(NewTopic::name).filter(existing::contains).toList());
			for (NewTopic topic : wanted) {
				states.add(created.contains(topic.name()) ? TopicState.created(topic)
						: TopicState.existing(topic, actual.get(topic.name())));
			}
			print(spec.commandLine().getOut(), states, created.size());
		}
		return ExitCode.OK;
	}

	private KafkaSettings settings(KafkaSettings base) {
		try {
			return new KafkaSettings(base.bootstrapServers(), base.topicPrefix(),
					(this.partitions != null) ? this.partitions : base.partitions(),
					(this.replicationFactor != null) ? this.replicationFactor : base.replicationFactor(),
					base.properties());
		}
		catch (IllegalArgumentException ex) {
			throw CliException.usage(ex.getMessage().replace("hookline.kafka.", "--"));
		}
	}

	private static List<String> create(KafkaAccess kafka, List<NewTopic> missing) throws InterruptedException {
		List<String> created = new ArrayList<>();
		for (var entry : kafka.admin().createTopics(missing).values().entrySet()) {
			try {
				entry.getValue().get(CREATE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
				created.add(entry.getKey());
			}
			catch (ExecutionException ex) {
				// created by someone else (a service starting) in the meantime is fine
				if (!(ex.getCause() instanceof TopicExistsException)) {
					throw CliException.failed(
							"cannot create topic " + entry.getKey() + ": " + ex.getCause().getMessage(), ex.getCause());
				}
			}
			catch (java.util.concurrent.TimeoutException ex) {
				throw CliException.unreachable("Kafka at " + kafka.bootstrapServers() + " did not create topic "
						+ entry.getKey() + " within " + CREATE_TIMEOUT.toSeconds() + " s", ex);
			}
		}
		return created;
	}

	private static Map<String, TopicState> describe(KafkaAccess kafka, Collection<String> names) throws Exception {
		if (names.isEmpty()) {
			return Map.of();
		}
		long timeout = KafkaAccess.TIMEOUT.toMillis();
		Map<String, TopicDescription> descriptions = kafka.admin()
			.describeTopics(names)
			.allTopicNames()
			.get(timeout, TimeUnit.MILLISECONDS);
		List<ConfigResource> resources = names.stream()
			.map((name) -> new ConfigResource(ConfigResource.Type.TOPIC, name))
			.toList();
		Map<ConfigResource, Config> configs = kafka.admin()
			.describeConfigs(resources)
			.all()
			.get(timeout, TimeUnit.MILLISECONDS);
		Map<String, TopicState> states = new java.util.HashMap<>();
		for (ConfigResource resource : resources) {
			TopicDescription description = descriptions.get(resource.name());
			Config config = configs.get(resource);
			states.put(resource.name(),
					new TopicState(resource.name(), description.partitions().size(),
							description.partitions().get(0).replicas().size(),
							config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value(),
							config.get(TopicConfig.RETENTION_MS_CONFIG).value(), "exists"));
		}
		return states;
	}

	private void print(PrintWriter out, List<TopicState> states, int created) {
		if (this.json) {
			ObjectNode root = Json.object();
			root.put("created", created);
			ArrayNode topics = root.putArray("topics");
			states.forEach((state) -> topics.add(state.json()));
			Json.print(out, root);
			return;
		}
		Table table = new Table("TOPIC", "PARTITIONS", "REPLICAS", "CLEANUP", "RETENTION", "STATUS");
		states.forEach((s) -> table.row(s.name(), s.partitions(), s.replicas(), s.cleanupPolicy(), s.retentionText(),
				s.status()));
		table.print(out);
		out.println((created == 0) ? "All " + states.size() + " topics exist; nothing was created."
				: "Created " + created + " of " + states.size() + " topics.");
		out.flush();
	}

}
