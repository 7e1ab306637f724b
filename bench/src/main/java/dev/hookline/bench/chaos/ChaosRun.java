package dev.hookline.bench.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.hookline.bench.receiver.ChildProcess;
import dev.hookline.bench.scenario.WorkerProcess;
import dev.hookline.ingest.IngestApplication;
import dev.hookline.launcher.ApiKey;
import dev.hookline.launcher.HooklineStack;
import dev.hookline.launcher.LocalKafka;
import dev.hookline.schemas.DaemonThreads;
import dev.hookline.schemas.KafkaSettings;
import dev.hookline.schemas.TopicProvisioner;
import dev.hookline.sender.secrets.SecretCipher;
import dev.hookline.testsupport.Behaviour;
import dev.hookline.testsupport.VerifyingReceiver;
import dev.hookline.worker.outcome.OutcomeTransactions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * One chaos run: a KRaft broker and the API in this JVM, the router and the workers in
 * processes of their own, and a receiver here that fails, hangs or resets a share of the
 * first request of every {@code webhook-id} and answers every later one. Events go in
 * over the HTTP API while a worker is killed ({@code SIGKILL}) and restarted every few
 * seconds, and the router once; then the run waits until every (event, subscription) pair
 * has ended, delivered or dead-lettered, and returns the {@link ChaosLedger}.
 *
 * <p>
 * The retry schedule and the circuit breaker are scaled from minutes to seconds in the
 * same ratio (1 m becomes 1 s: 1 s, 2 s, 4 s, 8 s, 16 s; the breaker's 30 s window and
 * open wait become 1 s, the least a window can be), requests time out after 2 s, and a
 * killed worker's partitions move after a 6 s session timeout, or at once when it comes
 * back under the same instance id.
 */
public final class ChaosRun {

	private static final String TENANT = "chaos";

	private static final int PARTITIONS = 12;

	/** How long a receiver answer takes, so that requests overlap at the endpoint. */
	private static final Duration ANSWER_DELAY = Duration.ofMillis(30);

	private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);

	/** How long a worker waits for an endpoint's answer. */
	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

	private static final List<String> CHILD_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ChaosPlan plan;

	private final PrintStream out;

	private final Random random = new Random();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final List<ChaosLedger.Kill> kills = new CopyOnWriteArrayList<>();

	/**
	 * When a worker warned that what it sent may be sent again (a lost transaction, a
	 * partition let go with deliveries in flight), from its log.
	 */
	private final List<ChaosLedger.Loss> losses = new CopyOnWriteArrayList<>();

	private final AtomicBoolean killing = new AtomicBoolean(true);

	/** Starts killed processes again, apart from the killer. */
	private final ExecutorService restarter = Executors.newCachedThreadPool(DaemonThreads.named("chaos-restart"));

	/** The restarts under way or done, each ending once its process is up. */
	private final List<CompletableFuture<Void>> restarts = new CopyOnWriteArrayList<>();

	/** Indexes of the workers killed and not up again yet. */
	private final Set<Integer> starting = ConcurrentHashMap.newKeySet();

	private Path dir;

	private LocalKafka kafka;

	private VerifyingReceiver receiver;

	private ConfigurableApplicationContext ingest;

	private volatile ChildProcess router;

	private final List<WorkerProcess> workers = new CopyOnWriteArrayList<>();

	private String apiUrl;

	private final ApiKey admin = ApiKey.admin(TENANT, ApiKey.generate("hk_admin_"));

	private final ApiKey producer = ApiKey.producer(TENANT, ApiKey.generate("hk_prod_"));

	public ChaosRun(ChaosPlan plan, PrintStream out) {
		this.plan = plan;
		this.out = out;
	}

	/** Runs the plan and returns what happened to every pair. */
	public ChaosLedger run() throws Exception {
		this.dir = Files.createTempDirectory("hookline-chaos");
		try {
			start();
			Map<String, String> paths = subscribe();
			Instant started = Instant.now();
			Thread killer = new Thread(() -> killRepeatedly(started), "chaos-killer");
			killer.start();
			List<String> eventIds = publish();
			this.killing.set(false);
			killer.join();
			awaitRestarts();
			this.out.printf("published %,d events in %.0f s; %d kills; waiting for every pair to end ...%n",
					eventIds.size(), Duration.between(started, Instant.now()).toMillis() / 1000.0, this.kills.size());
			ChaosLedger ledger = new ChaosLedger(this.plan, eventIds, paths, this.receiver,
					this.kafka.bootstrapServers(), this.kills, this.losses);
			ledger.awaitEnded(this.plan.settleTimeout(), this.out);
			return ledger.settle();
		}
		finally {
			stop();
		}
	}

	private void start() throws IOException {
		this.out.println("starting a KRaft broker, the API and a receiver in this JVM ...");
		this.kafka = LocalKafka.onFreePorts(this.dir.resolve("kafka")).start();
		TopicProvisioner.createMissing(new KafkaSettings(this.kafka.bootstrapServers(), null, PARTITIONS, null, null));
		Files.writeString(keyset(), SecretCipher.generateKeysetJson());
		// a hanging request stops counting as in flight by the time the workers give up
		// on
		// it: their 2 s run from before the request left (a connection to take, under
		// load an event loop to wait for), so the receiver, which only knows when it
		// arrived, counts it 1 s
		this.receiver = VerifyingReceiver.start().clientTimeout(REQUEST_TIMEOUT.minusSeconds(1));
		Map<String, Object> ingestProps = HooklineStack.ingestProperties(settings(List.of(this.admin, this.producer)));
		ingestProps.put("logging.level.root", "WARN");
		this.ingest = IngestApplication.application().registerShutdownHook(false).run(arguments(ingestProps));
		this.apiUrl = "http://127.0.0.1:"
				+ ((org.springframework.boot.web.server.context.WebServerApplicationContext) this.ingest).getWebServer()
					.getPort();
		this.out.printf("starting the router and %d workers, each a process of its own ...%n", this.plan.workers());
		this.router = startRouter();
		for (int i = 1; i <= this.plan.workers(); i++) {
			this.workers.add(startWorker(i));
		}
	}

	private HooklineStack.Settings settings(List<ApiKey> keys) {
		return new HooklineStack.Settings(this.kafka.bootstrapServers(), keyset(), 0, this.dir.resolve("router"), true,
				keys, false, Map.of());
	}

	private ChildProcess startRouter() {
		Map<String, Object> props = HooklineStack.routerProperties(settings(List.of()));
		props.put("hookline.kafka.partitions", PARTITIONS);
		// a restarted router takes its partitions back within seconds, not 45
		props.put("hookline.router.streams[session.timeout.ms]", 6000);
		props.put("logging.level.root", "WARN");
		return ChildProcess.start("router", CHILD_JVM, Map.of(), RouterMain.class.getName(), List.of(arguments(props)),
				RouterMain.READY::equals, READY_TIMEOUT);
	}

	private WorkerProcess startWorker(int number) {
		Map<String, String> props = new LinkedHashMap<>();
		props.put("hookline.kafka.bootstrap-servers", this.kafka.bootstrapServers());
		props.put("hookline.kafka.partitions", Integer.toString(PARTITIONS));
		props.put("hookline.crypto.keyset-file", keyset().toString());
		props.put("hookline.local-mode", "true");
		props.put("hookline.worker.instance-id", "worker-" + number);
		props.put("hookline.worker.session-timeout", "6s");
		props.put("hookline.worker.retry.delays", "1s,2s,4s,8s,16s");
		props.put("hookline.worker.connect-timeout", "1s");
		props.put("hookline.worker.request-timeout", REQUEST_TIMEOUT.toSeconds() + "s");
		// longer than a request may take, as in production (20 s and 15 s): a revoked
		// partition's
		// requests all end before its next owner sends to the same endpoint
		props.put("hookline.worker.drain-timeout", "3s");
		props.put("hookline.worker.transaction-timeout", "5s");
		props.put("hookline.worker.endpoint.max-concurrency", Integer.toString(ChaosPlan.MAX_CONCURRENCY));
		props.put("hookline.worker.endpoint.circuit-breaker.window", "1s");
		props.put("hookline.worker.endpoint.circuit-breaker.wait-in-open", "1s");
		props.put("logging.level.root", "WARN");
		props.put("spring.main.banner-mode", "off");
		props.put("server.port", "0");
		String name = "worker-" + number;
		return WorkerProcess.start(name, CHILD_JVM, Map.of(), props, (line) -> {
			if (line.contains(OutcomeTransactions.DUPLICATES_POSSIBLE)) {
				this.losses.add(new ChaosLedger.Loss(name, Instant.now()));
			}
		});
	}

	/** Creates the subscriptions over the API; returns their ids by receiver path. */
	private Map<String, String> subscribe() throws IOException, InterruptedException {
		Behaviour flaky = Behaviour.ok()
			.withDelay(ANSWER_DELAY)
			.flaky(new Behaviour.Flaky(this.plan.failFirst(), 500, this.plan.hangFirst(), this.plan.resetFirst()));
		Map<String, String> paths = new LinkedHashMap<>();
		for (int i = 1; i <= ChaosPlan.SUBSCRIPTIONS; i++) {
			String path = "/chaos/" + i;
			ObjectNode body = JSON.createObjectNode().put("url", this.receiver.url(path));
			body.putArray("eventTypes").add("*");
			if (i == ChaosPlan.SUBSCRIPTIONS) {
				body.put("rateLimit", this.plan.rateLimit());
			}
			JsonNode created = call("/v1/subscriptions", this.admin, body.toString(), 201);
			this.receiver.secrets(path, created.get("secret").asString()).behave(path, flaky);
			paths.put(path, created.get("id").asString());
		}
		this.out.printf("%d subscriptions to %s, the last limited to %d requests/s%n", paths.size(),
				this.receiver.url("/chaos/"), this.plan.rateLimit());
		return paths;
	}

	/** Publishes every event in batches, paced to the plan's rate; returns their ids. */
	private List<String> publish() throws IOException, InterruptedException {
		List<String> ids = new ArrayList<>();
		int batch = Math.max(1, (int) Math.round(this.plan.eventsPerSecond() / 10));
		long started = System.nanoTime();
		for (int sent = 0; sent < this.plan.events(); sent += batch) {
			ArrayNode events = JSON.createArrayNode();
			for (int i = sent; i < Math.min(sent + batch, this.plan.events()); i++) {
				String id = "evt-" + i;
				events.addObject().put("id", id).put("type", "order.created").putObject("data").put("n", i);
				ids.add(id);
			}
			call("/v1/events", this.producer, events.toString(), 202);
			long due = started + (long) ((sent + batch) * 1e9 / this.plan.eventsPerSecond());
			long wait = due - System.nanoTime();
			if (wait > 0) {
				Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
			}
		}
		return ids;
	}

	/** A call of the API, retried while Kafka is briefly unavailable (503). */
	private JsonNode call(String path, ApiKey key, String body, int expected) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.apiUrl + path))
			.header("Authorization", "Bearer " + key.key())
			.header("Content-Type", "application/json")
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		for (int tries = 1;; tries++) {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() == expected) {
				return JSON.readTree(response.body());
			}
			if (response.statusCode() != 503 || tries == 10) {
				throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
			}
			Thread.sleep(1000);
		}
	}

	/**
	 * Kills a random worker every few seconds while publishing goes on, and the router
	 * once, a third of the way in; each is started again in the background, so the next
	 * kill does not wait for it (a worker takes 10-100 s to start on two loaded cores).
	 * Only a worker that is up is killed, and one is always left up.
	 */
	private void killRepeatedly(Instant started) {
		boolean routerKilled = !this.plan.killRouter();
		Instant routerAt = started.plus(this.plan.publishing().dividedBy(3));
		Instant next = nextKill(Instant.now());
		while (this.killing.get()) {
			Instant now = Instant.now();
			List<Integer> up = workersUp();
			if (!routerKilled && !now.isBefore(routerAt)) {
				routerKilled = true;
				this.router.kill();
				this.out.println("killed the router (SIGKILL); restarting it");
				this.restarts.add(CompletableFuture.supplyAsync(this::startRouter, this.restarter)
					.thenAccept((router) -> this.router = router)
					.thenRun(() -> this.kills.add(new ChaosLedger.Kill(ChaosLedger.ROUTER, now, Instant.now()))));
			}
			else if (!now.isBefore(next) && up.size() > 1) {
				int victim = up.get(this.random.nextInt(up.size()));
				WorkerProcess worker = this.workers.get(victim);
				worker.kill();
				this.out.printf("killed %s (SIGKILL); restarting it%n", worker.name());
				this.starting.add(victim);
				this.restarts.add(CompletableFuture.supplyAsync(() -> startWorker(victim + 1), this.restarter)
					.thenAccept((restarted) -> {
						this.workers.set(victim, restarted);
						this.starting.remove(victim);
						this.kills.add(new ChaosLedger.Kill(worker.name(), now, Instant.now()));
						this.out.printf("%s up again after %.1f s%n", worker.name(),
								Duration.between(now, Instant.now()).toMillis() / 1000.0);
					}));
				next = nextKill(now);
			}
			else {
				sleep(100);
			}
		}
	}

	/** The workers neither killed nor starting again, by index. */
	private List<Integer> workersUp() {
		List<Integer> up = new ArrayList<>();
		for (int i = 0; i < this.workers.size(); i++) {
			if (!this.starting.contains(i)) {
				up.add(i);
			}
		}
		return up;
	}

	/** Waits until every process killed is up again. */
	private void awaitRestarts() throws Exception {
		CompletableFuture.allOf(this.restarts.toArray(CompletableFuture[]::new))
			.get(READY_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
	}

	private Instant nextKill(Instant from) {
		long min = this.plan.killEveryMin().toMillis();
		return from.plusMillis(min + (long) (this.random.nextDouble() * (this.plan.killEveryMax().toMillis() - min)));
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void stop() {
		this.restarter.shutdownNow();
		this.workers.forEach(WorkerProcess::close);
		if (this.router != null) {
			this.router.close();
		}
		if (this.ingest != null) {
			this.ingest.close();
		}
		if (this.receiver != null) {
			this.receiver.close();
		}
		if (this.kafka != null) {
			this.kafka.close();
		}
		FileSystemUtils.deleteRecursively(this.dir.toFile());
	}

	private Path keyset() {
		return this.dir.resolve("keyset.json");
	}

	private static String[] arguments(Map<String, Object> properties) {
		return properties.entrySet().stream().map((e) -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
	}

}
