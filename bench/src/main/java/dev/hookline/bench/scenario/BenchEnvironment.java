package dev.hookline.bench.scenario;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import dev.hookline.bench.receiver.ReceiverProcess;
import dev.hookline.launcher.HooklineStack;
import dev.hookline.launcher.LocalKafka;
import dev.hookline.router.RouterApplication;
import dev.hookline.schemas.KafkaSettings;
import dev.hookline.schemas.Topics;
import dev.hookline.sender.secrets.SecretCipher;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * What a benchmark run runs on: a single-node KRaft broker and the router in this JVM (as
 * the embedded mode runs them), the receiver and every worker in JVMs of their own, and
 * the subscriptions of every scenario, written before the router and the first worker
 * start.
 */
public final class BenchEnvironment implements AutoCloseable {

	/** Deliveries in flight per worker in the benchmark, R3's in-flight cap too. */
	static final int MAX_IN_FLIGHT = 10_000;

	static final int PARTITIONS = 12;

	/**
	 * The worker's JVM, as {@code docker-compose.yml} runs it; its RSS is what the memory
	 * goal is about. With 10,000 deliveries in flight the live heap peaks near 150 MB.
	 * The native heap is trimmed every 5 s, so memory freed after a burst (S4's 16 KB
	 * bodies) goes back to the system. G1, not the serial collector: deliveries in flight
	 * live for their endpoint's latency (S2's 2 s, up to the 15 s timeout), so they are
	 * promoted, and with the serial collector the old generation filled every 8 s or so
	 * at half S2's rate, each full collection stopping the worker for 230-470 ms, which
	 * was then the p99 of every endpoint, fast ones included. G1 collects the old
	 * generation concurrently and in increments.
	 */
	public static final List<String> WORKER_JVM = List.of("-Xms64m", "-Xmx256m", "-XX:+UseG1GC",
			"-XX:MaxGCPauseMillis=50", "-XX:TrimNativeHeapInterval=5000");

	/**
	 * Two glibc malloc arenas rather than eight per core: the worker's native allocations
	 * (Netty, the JIT) are few, and more arenas only hold freed memory in RSS (about 20
	 * MB at 10,000 in flight, measured).
	 */
	public static final Map<String, String> WORKER_ENVIRONMENT = Map.of("MALLOC_ARENA_MAX", "2");

	/**
	 * Extra worker JVM options, space-separated, for investigating a run (for example
	 * {@code -XX:NativeMemoryTracking=summary}, a JFR recording, or
	 * {@code -Dhookline.worker.max-in-flight=2000}, which replaces the bench's own value
	 * of that setting); none by default.
	 */
	static final String EXTRA_WORKER_JVM_PROPERTY = "hookline.bench.worker-jvm-options";

	private final Path dir;

	private final PrintStream out;

	private final LocalKafka kafka;

	private final Topics topics;

	private final BenchSubscriptions subscriptions;

	private final ReceiverProcess receiver;

	private final Map<String, String> receiverPaths = new LinkedHashMap<>();

	private final RssSampler rss = new RssSampler();

	private final List<WorkerProcess> workers = new ArrayList<>();

	private ConfigurableApplicationContext router;

	private BenchEnvironment(Path dir, PrintStream out) {
		this.dir = dir;
		this.out = out;
		this.kafka = LocalKafka.onFreePorts(dir.resolve("kafka")).start();
		KafkaSettings settings = new KafkaSettings(this.kafka.bootstrapServers(), null, PARTITIONS, null, null);
		dev.hookline.schemas.TopicProvisioner.createMissing(settings);
		this.topics = settings.topics();
		this.subscriptions = new BenchSubscriptions(this.kafka.bootstrapServers(), this.topics,
				SecretCipher.fromFile(keyset(), true));
		// every loopback address reaches a receiver listening on all addresses, so
		// endpoints
		// can be spread over hosts as real ones are (connection pools are per host)
		this.receiver = ReceiverProcess.start(ReceiverProcess.DEFAULT_JVM_OPTIONS, List.of("--host", "0.0.0.0"));
	}

	/**
	 * Starts the broker and the receiver, writes the scenarios' subscriptions, then
	 * starts the router and one worker.
	 */
	static BenchEnvironment start(Path dir, List<Scenario> scenarios, PrintStream out) {
		out.println("starting a KRaft broker and the receiver ...");
		BenchEnvironment env = new BenchEnvironment(dir, out);
		try {
			for (Scenario scenario : scenarios) {
				int n = env.subscriptions.create(scenario, env.receiver.port());
				out.printf("%s: %,d subscriptions over %,d tenants%n", scenario.name(), n, scenario.tenants());
				scenario.behaviours().forEach(env.receiverPaths::put);
			}
			env.configureReceiver();
			out.println("starting the router and a worker ...");
			env.router = RouterApplication.application()
				.registerShutdownHook(false)
				.run(arguments(HooklineStack
					.routerProperties(new HooklineStack.Settings(env.kafka.bootstrapServers(), env.keyset(), 0,
							dir.resolve("router"), true, List.of(), true, Map.of("logging.level.root", "WARN")))));
			env.startWorker("worker-1");
			return env;
		}
		catch (RuntimeException ex) {
			env.close();
			throw ex;
		}
	}

	private static String[] arguments(Map<String, Object> properties) {
		return properties.entrySet().stream().map((e) -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
	}

	WorkerProcess startWorker(String name) {
		Map<String, String> props = new LinkedHashMap<>();
		props.put("hookline.kafka.bootstrap-servers", this.kafka.bootstrapServers());
		props.put("hookline.kafka.partitions", Integer.toString(PARTITIONS));
		props.put("hookline.crypto.keyset-file", keyset().toString());
		props.put("hookline.local-mode", "true");
		props.put("hookline.worker.max-in-flight", Integer.toString(MAX_IN_FLIGHT));
		// the production schedule (1m, 5m, 30m, 2h, 12h) scaled to seconds
		props.put("hookline.worker.retry.delays", "1s,5s,30s,120s,720s");
		props.put("hookline.worker.instance-id", name);
		props.put("hookline.worker.session-timeout", "10s");
		props.put("logging.level.root", "WARN");
		props.put("spring.main.banner-mode", "off");
		props.put("server.port", "0");
		List<String> jvm = new ArrayList<>(WORKER_JVM);
		String extra = System.getProperty(EXTRA_WORKER_JVM_PROPERTY, "").trim();
		if (!extra.isEmpty()) {
			for (String option : extra.split("\\s+")) {
				jvm.add(option);
				// a -D of a property set here wins: Spring reads arguments before system
				// properties
				if (option.startsWith("-D") && option.contains("=")) {
					props.remove(option.substring(2, option.indexOf('=')));
				}
			}
		}
		WorkerProcess worker = WorkerProcess.start(name, jvm, WORKER_ENVIRONMENT, props);
		this.workers.add(worker);
		this.rss.watch(worker);
		this.out.printf("%s runs (pid %d, %s, %s)%n", name, worker.pid(), String.join(" ", jvm), WORKER_ENVIRONMENT);
		return worker;
	}

	/** Kills a worker as a crash would ({@code SIGKILL}). */
	void kill(WorkerProcess worker) {
		this.rss.forget(worker);
		worker.kill();
		this.workers.remove(worker);
	}

	/** Stops every worker cleanly, so that the router load test has the cores. */
	void stopWorkers() {
		for (WorkerProcess worker : List.copyOf(this.workers)) {
			this.rss.forget(worker);
			worker.close();
			this.workers.remove(worker);
		}
	}

	/** Sets the behaviour of one endpoint group and applies the whole configuration. */
	void behave(String group, String behaviour) {
		this.receiverPaths.put(group, behaviour);
		configureReceiver();
	}

	private void configureReceiver() {
		StringBuilder json = new StringBuilder("{\"paths\":{");
		this.receiverPaths.forEach((path, value) -> json.append((json.length() > 10) ? "," : "")
			.append('"')
			.append(path)
			.append("\":")
			.append(value));
		this.receiver.configure(json.append("}}").toString());
	}

	/** The same path on each of the loopback hosts the scenarios' endpoints use. */
	List<String> endpoints(String path) {
		List<String> urls = new ArrayList<>();
		for (int host = 1; host <= Scenario.HOSTS; host++) {
			urls.add("http://127.0.0." + host + ":" + this.receiver.port() + path);
		}
		return urls;
	}

	/**
	 * Waits until the workers' consumer group has this many members, each with
	 * partitions, so that a kill hits a worker that has work.
	 */
	void awaitWorkersAssigned(int members) throws InterruptedException {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
			long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
			while (System.nanoTime() < deadline) {
				ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("hookline-worker"))
					.all()
					.get()
					.get("hookline-worker");
				if (group.members().size() == members
						&& group.members().stream().allMatch((m) -> !m.assignment().topicPartitions().isEmpty())) {
					group.members()
						.forEach((m) -> this.out.printf("%s has %d partitions of %s%n",
								m.groupInstanceId().orElse(m.consumerId()),
								m.assignment()
									.topicPartitions()
									.stream()
									.filter((tp) -> tp.topic().equals(this.topics.deliveries().name()))
									.count(),
								this.topics.deliveries().name()));
					return;
				}
				Thread.sleep(250);
			}
			throw new IllegalStateException("the workers' group did not settle on " + members + " members in a minute");
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("cannot describe the workers' group", ex.getCause());
		}
	}

	EventLoad load(Scenario scenario) {
		return new EventLoad(this.kafka.bootstrapServers(), this.topics, scenario::tenant, scenario.eventBytes(),
				"evt_" + scenario.name().toLowerCase(java.util.Locale.ROOT) + "_");
	}

	String bootstrapServers() {
		return this.kafka.bootstrapServers();
	}

	ReceiverProcess receiver() {
		return this.receiver;
	}

	RssSampler rss() {
		return this.rss;
	}

	BenchSubscriptions subscriptions() {
		return this.subscriptions;
	}

	Path dir() {
		return this.dir;
	}

	private Path keyset() {
		return this.dir.resolve("keyset.json");
	}

	@Override
	public void close() {
		stopWorkers();
		this.rss.close();
		if (this.router != null) {
			this.router.close();
		}
		this.subscriptions.close();
		this.receiver.close();
		this.kafka.close();
	}

}
