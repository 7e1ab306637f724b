package dev.hookline.bench.scenario;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hookline.bench.load.Bodies;
import dev.hookline.bench.load.LatencySummary;
import dev.hookline.bench.refs.ConsumerGroupReference;
import dev.hookline.bench.refs.ConsumptionResult;
import dev.hookline.bench.refs.DirectHttpReference;
import dev.hookline.bench.refs.RawKafkaReference;
import dev.hookline.bench.refs.ShareGroupReference;
import dev.hookline.bench.refs.TextbookListenerReference;
import dev.hookline.bench.report.Reports;
import dev.hookline.bench.router.RouterLoad;
import dev.hookline.bench.report.ScenarioResult;
import org.springframework.util.FileSystemUtils;

/**
 * The benchmark of issue 5: every scenario against the references of the same run, then
 * the table of the goals. {@code ./hookline bench} runs it; see {@code bench/README.md}.
 *
 * <p>
 * Options: {@code --out DIR} (default {@code bench-results}), {@code --s5-seconds N}
 * (length of S5's burst, default 10), {@code --only s1}, {@code --only m},
 * {@code --only s5} (with {@code --s5-rate N} events/s, default 6,000) or
 * {@code --only router} (just S1's search, its latency at half rate and its overload at
 * 1.5 times the maximum, the memory scenario, S5, or the router load: the parts that need
 * no other scenario's figure), {@code --only s2} (after the warm-up; {@code --s1-rate N},
 * default 1,000, stands for the S1 maximum its search starts from) or {@code --only s3}
 * (S1's search, then S3 against it); the system property
 * {@code hookline.bench.worker-jvm-options} adds options to the worker's JVM for an
 * investigation). {@code smoke [args]} runs the older
 * {@link dev.hookline.bench.SmokeBenchmark} instead, {@code producer [args]} the
 * producer's path ({@link dev.hookline.bench.producer.ProducerPathBench});
 * {@code history}, the delivery history at scale
 * ({@link dev.hookline.bench.history.HistoryBench}).
 */
public final class Bench {

	private static final Duration STEP = Duration.ofSeconds(5);

	/** How far past S1's maximum the overload step offers, issue 21's goal. */
	private static final double OVERLOAD = 1.5;

	private static final Duration OVERLOAD_LENGTH = Duration.ofSeconds(30);

	/**
	 * How long into the overload the goodput is counted from: the pipeline fills first.
	 */
	private static final Duration OVERLOAD_SETTLE = Duration.ofSeconds(5);

	private static final Duration OVERLOAD_DRAIN = Duration.ofMinutes(5);

	private final BenchEnvironment env;

	private final StepRunner steps;

	private final RateSearch search;

	private final PrintStream out;

	private final List<ScenarioResult> results = new ArrayList<>();

	private final List<Goal> goals = new ArrayList<>();

	private Bench(BenchEnvironment env, PrintStream out) {
		this.env = env;
		this.out = out;
		this.steps = new StepRunner(env.receiver(), env.rss(), out);
		this.search = new RateSearch(this.steps, out);
	}

	/** What {@code --help} prints, and an unknown option after its one-line error. */
	private static final String USAGE = """
			usage: ./hookline bench [--out DIR] [--only s1|s2|s3|s4|m|s5|router] [--s5-seconds N] [--s5-rate N]
			                        [--s1-rate N]
			       ./hookline bench producer [--seconds N] [--concurrency N] [--batch N] [--subscriptions N]
			                                 [--separate]
			       ./hookline bench history [--attempts N] [--subscriptions N] [--queries N] [--rate N]
			       ./hookline bench smoke [events] [subscriptions] [latencies-ms]
			       ./hookline chaos [--quick] [--events N]
			what each measures: bench/README.md""";

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
			System.out.println(USAGE);
			return;
		}
		if (args.length > 0 && args[0].equals("smoke")) {
			dev.hookline.bench.SmokeBenchmark.main(java.util.Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		if (args.length > 0 && args[0].equals("producer")) {
			dev.hookline.bench.producer.ProducerPathBench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		if (args.length > 0 && args[0].equals("history")) {
			dev.hookline.bench.history.HistoryBench.main(java.util.Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		if (args.length > 0 && args[0].equals("chaos")) {
			dev.hookline.bench.chaos.ChaosCommand.main(java.util.Arrays.copyOfRange(args, 1, args.length));
			return;
		}
		Path outDir = Path.of("bench-results");
		int s5Seconds = 10;
		String only = "all";
		double s5Rate = 6000;
		double s1Rate = 1000;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--out" -> outDir = Path.of(args[++i]);
				case "--s5-seconds" -> s5Seconds = Integer.parseInt(args[++i]);
				case "--only" -> only = args[++i];
				case "--s5-rate" -> s5Rate = Double.parseDouble(args[++i]);
				case "--s1-rate" -> s1Rate = Double.parseDouble(args[++i]);
				default -> usageError("unknown option " + args[i]);
			}
		}
		if (!List.of("all", "s1", "s2", "s3", "s4", "m", "s5", "router").contains(only)) {
			usageError("--only takes s1, s2, s3, s4, m (the memory scenario), s5 or router, not " + only);
		}
		long started = System.nanoTime();
		quietLogs();
		PrintStream out = System.out;
		Path dir = Files.createTempDirectory("hookline-bench");
		List<Scenario> scenarios = List.of(Scenarios.s1(), Scenarios.s2(), Scenarios.s3(), Scenarios.s4(),
				Scenarios.memory());
		try (BenchEnvironment env = BenchEnvironment.start(dir, scenarios, out)) {
			Bench bench = new Bench(env, out);
			switch (only) {
				case "s1" -> bench.s1Alone();
				case "s2" -> bench.s2Alone(s1Rate);
				case "s3" -> bench.s3Alone();
				case "s4" -> bench.s4Alone(s1Rate);
				case "m" -> bench.memoryAlone();
				case "s5" -> bench.s5Alone(s5Rate, s5Seconds);
				case "router" -> bench.routerAlone();
				default -> bench.run(s5Seconds);
			}
			out.println();
			Reports.writeAll(outDir, "Hookline bench", bench.results, out);
			String goals = Goal.table(bench.goals);
			out.println();
			out.print(goals);
			Files.writeString(outDir.resolve("bench-goals.txt"), goals, StandardCharsets.UTF_8);
			out.printf("%nwritten to %s (bench-results.json, bench-results.html, bench-goals.txt) in %.1f min%n",
					outDir.toAbsolutePath(), (System.nanoTime() - started) / 60e9);
		}
		finally {
			// the broker's logs and the router's state: several GB after a whole run
			FileSystemUtils.deleteRecursively(dir);
		}
		// non-daemon threads of the Kafka and Reactor clients must not keep the JVM up
		System.exit(0);
	}

	/** Says what was wrong and how to call the bench, then exits with status 2. */
	private static void usageError(String problem) {
		System.err.println("bench: " + problem);
		System.err.println(USAGE);
		System.exit(2);
	}

	/**
	 * Warnings only: the broker, the router and the clients in this JVM would otherwise
	 * drown the progress lines.
	 */
	public static void quietLogs() {
		System.setProperty("logging.level.root", "WARN");
		if (org.slf4j.LoggerFactory
			.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
			root.setLevel(ch.qos.logback.classic.Level.WARN);
		}
	}

	private void run(int s5Seconds) throws Exception {
		References refs = references();
		Scenario s1 = Scenarios.s1();
		StepResult s1Best;
		try (EventLoad load = this.env.load(s1)) {
			S1Run s1Run = s1AndHalf(s1, load);
			s1Best = s1Run.best();
			this.env.behave("/s1/", Scenarios.behaviour(Scenarios.ZERO_LATENCY));
			this.out.println("S1 with 0 ms endpoints");
			RateSearch.Result zero = this.search.search(s1, load, s1Best.eventsPerSecond(), 1.4, 6, STEP);
			this.env.behave("/s1/", Scenarios.behaviour(Scenarios.S1_LATENCY));
			StepResult zeroBest = zero.reported();
			report(s1Best, "deliveries/s; 5 subscribers, log-normal 50/300 ms", ratios("÷ R3",
					s1Best.deliveriesPerSecond() / refs.r3, "÷ T", s1Best.deliveriesPerSecond() / refs.t50));
			report(renamed(zeroBest, "S1-0ms"), "deliveries/s; S1 with 0 ms endpoints",
					ratios("÷ T(0 ms)", zeroBest.deliveriesPerSecond() / refs.t0));
			this.goals.add(new Goal(
					"S1 deliveries/s ≥ 0.5 × R3", String.format("%.0f ÷ %.0f = %.2f", s1Best.deliveriesPerSecond(),
							refs.r3, s1Best.deliveriesPerSecond() / refs.r3),
					s1Best.deliveriesPerSecond() >= 0.5 * refs.r3));
			this.goals.add(new Goal(
					"S1 ≥ 50 × T (50 ms endpoints)", String.format("%.0f ÷ %.0f = %.1f", s1Best.deliveriesPerSecond(),
							refs.t50, s1Best.deliveriesPerSecond() / refs.t50),
					s1Best.deliveriesPerSecond() >= 50 * refs.t50));
			this.goals.add(new Goal("S1 ≥ 1.5 × T (0 ms endpoints)",
					String.format("%.0f ÷ %.0f = %.2f", zeroBest.deliveriesPerSecond(), refs.t0,
							zeroBest.deliveriesPerSecond() / refs.t0),
					zeroBest.deliveriesPerSecond() >= 1.5 * refs.t0));
			halfRate(s1Run.half());
			overload(s1Best, s1Run.overload());
		}
		double s1Events = s1Best.eventsPerSecond();
		s2(s1Events);
		s3(s1Events, s1Best);
		s4(s1Events);
		memory();
		s5(s1, s1Events * 10, s5Seconds);
		// the router alone, with the cores to itself
		this.env.stopWorkers();
		routerAlone();
	}

	/**
	 * The router load, after one unrecorded pass of it. In a fresh JVM, C2 compiles the
	 * broker's, the router's and the clients' paths for about a minute, on one of the two
	 * cores, so the first pass measured the compiler as much as the router. In the whole
	 * run, the first pass after S5 was as slow (9,954 events/s with deduplication, then
	 * 31,241 without, where the two differ by a third when warm): the broker was still
	 * working off S5's half a million deliveries.
	 */
	private void routerAlone() throws InterruptedException {
		this.out.println("Router warm-up: one pass of the router load, not recorded");
		new RouterLoad(this.env.bootstrapServers(), this.env.dir().resolve("router-load"), RouterLoad.Plan.defaults())
			.run(this.out);
		router();
	}

	private void router() throws InterruptedException {
		this.out.println("Router: 10,000 subscriptions over 1,000 tenants, and a tenant with 5,000");
		RouterLoad.Result routed = routerLoad("Router", RouterLoad.Plan.defaults(), "deduplication on (1 h window)");
		this.out.println("Router-nodedup: the same with the router's deduplication off");
		RouterLoad.Result plain = routerLoad("Router-nodedup",
				RouterLoad.Plan.defaults().withDedupWindow(Duration.ZERO), "deduplication off");
		this.goals.add(new Goal("router ≥ 20k events/s, 10k subscriptions / 1k tenants",
				String.format(
						"%,.0f events/s (deduplication off: %,.0f); the 5,000-subscription tenant alone %,.0f events/s",
						routed.eventsPerSecond(), plain.eventsPerSecond(), routed.bigTenantEventsPerSecond()),
				routed.eventsPerSecond() >= 20_000));
	}

	private RouterLoad.Result routerLoad(String name, RouterLoad.Plan plan, String setting)
			throws InterruptedException {
		RouterLoad.Result routed = new RouterLoad(this.env.bootstrapServers(), this.env.dir().resolve("router-load"),
				plan)
			.run(this.out);
		this.out.println(routed.summary());
		this.results.add(new ScenarioResult(name, routed.eventsPerSecond(), 0, 0, 0, 0, null,
				String.format(
						"events/s routed, mixed traffic (1 delivery each), %s; the 5,000-subscription tenant alone "
								+ "%.0f events/s (%.0f deliveries/s)",
						setting, routed.bigTenantEventsPerSecond(), routed.bigTenantDeliveriesPerSecond()),
				Map.of()));
		return routed;
	}

	private record References(double r3, double t50, double t0) {
	}

	private References references() throws InterruptedException {
		String bootstrap = this.env.bootstrapServers();
		this.env.behave("/r3/", Scenarios.behaviour(Scenarios.S1_LATENCY));
		this.env.behave("/t/", Scenarios.behaviour(Scenarios.S1_LATENCY));
		this.env.behave("/t0/", Scenarios.behaviour(Scenarios.ZERO_LATENCY));
		this.out.println("R1: raw Kafka producer → consumer");
		RawKafkaReference.Result r1 = new RawKafkaReference(bootstrap, BenchEnvironment.PARTITIONS).run(50_000, 1024,
				Duration.ofMinutes(2));
		this.results.add(reference("R1", r1.perSecond(), LatencySummary.of(r1.latencyMicros()),
				"records/s; 1 KB, ingest's producer settings, read_committed consumer"));
		this.out.println("R3: the worker's HTTP client straight to the receiver");
		DirectHttpReference.Result r3 = new DirectHttpReference(BenchEnvironment.MAX_IN_FLIGHT)
			.run(Bodies.of(40_000, 1024), this.env.endpoints("/r3/direct"));
		this.results.add(reference("R3", r3.perSecond(), LatencySummary.of(r3.latencyMicros()),
				"requests/s; log-normal 50/300 ms, " + BenchEnvironment.MAX_IN_FLIGHT + " in flight, " + r3.failed()
						+ " failed"));
		this.out.println("T: a textbook @KafkaListener, one blocking POST per record");
		TextbookListenerReference textbook = new TextbookListenerReference(bootstrap, BenchEnvironment.PARTITIONS);
		TextbookListenerReference.Result t50 = textbook.run(Bodies.of(2_000, 1024),
				URI.create(this.env.receiver().url("/t/x")), Duration.ofMinutes(3));
		this.results.add(reference("T", t50.perSecond(), null, "deliveries/s; log-normal 50/300 ms, 12 partitions"));
		TextbookListenerReference.Result t0 = textbook.run(Bodies.of(10_000, 1024),
				URI.create(this.env.receiver().url("/t0/x")), Duration.ofMinutes(3));
		this.results.add(reference("T-0ms", t0.perSecond(), null, "deliveries/s; 0 ms endpoints, 12 partitions"));
		this.out.printf("R1 %.0f records/s, R3 %.0f requests/s, T %.0f and %.0f (0 ms) deliveries/s%n", r1.perSecond(),
				r3.perSecond(), t50.perSecond(), t0.perSecond());
		consumptionModels(bootstrap);
		return new References(r3.perSecond(), t50.perSecond(), t0.perSecond());
	}

	/**
	 * The same delivery work (the worker's client, log-normal 50/300 ms endpoints, the
	 * worker's in-flight cap) consumed from a consumer group with async commits and from
	 * a share group (KIP-932): the measurement the worker's consumption model is chosen
	 * by.
	 */
	private void consumptionModels(String bootstrap) throws InterruptedException {
		this.env.behave("/cg/", Scenarios.behaviour(Scenarios.S1_LATENCY));
		this.env.behave("/sg/", Scenarios.behaviour(Scenarios.S1_LATENCY));
		this.out.println("consumer group (async commits) vs share group, the same deliveries");
		ConsumptionResult group = new ConsumerGroupReference(bootstrap, BenchEnvironment.PARTITIONS,
				BenchEnvironment.MAX_IN_FLIGHT)
			.run(Bodies.of(20_000, 1024), this.env.receiver().url("/cg/x"), Duration.ofMinutes(3));
		ConsumptionResult share = new ShareGroupReference(bootstrap, BenchEnvironment.PARTITIONS,
				BenchEnvironment.MAX_IN_FLIGHT)
			.run(Bodies.of(20_000, 1024), this.env.receiver().url("/sg/x"), Duration.ofMinutes(3));
		this.results.add(new ScenarioResult("CG", group.perSecond(), 0, 0, 0, group.duplicates(), null,
				"deliveries/s; consumer group, POSTs across polls, async commits of the completed prefix", Map.of()));
		this.results.add(new ScenarioResult("SG", share.perSecond(), 0, 0, 0, share.duplicates(), null,
				"deliveries/s; share group, every record of a poll acknowledged before the next poll",
				ratios("÷ CG", share.perSecond() / group.perSecond())));
		this.out.printf("consumer group %.0f deliveries/s, share group %.0f (%.2f×)%n", group.perSecond(),
				share.perSecond(), share.perSecond() / group.perSecond());
	}

	private void s2(double s1Events) throws InterruptedException {
		Scenario s2 = Scenarios.s2();
		try (EventLoad load = this.env.load(s2)) {
			// twice the deliveries per event of S1, a fifth of them slow
			RateSearch.Result found = this.search.search(s2, load, s1Events / 2.5, 1.3, 7, STEP);
			double rate = found.reported().eventsPerSecond() / 2;
			this.out.println("S2: fast endpoints at half S2's maximum, with the slow ones, then with none slow "
					+ "(each after 5 s unjudged at that rate)");
			// the search ends on overloaded steps: neither measurement inherits their
			// backlog and their heap
			this.steps.run(s2, load, rate, STEP);
			StepResult withSlow = this.steps.run(s2, load, rate, Duration.ofSeconds(8));
			this.env.behave("/s2/slow/", Scenarios.fixed(20));
			this.steps.run(s2, load, rate, STEP);
			StepResult noneSlow = this.steps.run(s2, load, rate, Duration.ofSeconds(8));
			this.env.behave("/s2/slow/", Scenarios.fixed(2000));
			double fast = withSlow.groupP99Ms().get("/s2/fast/");
			double baseline = noneSlow.groupP99Ms().get("/s2/fast/");
			report(found.reported(), "deliveries/s; 10 subscribers, 20 % take 2 s, the rest 20 ms",
					ratios("fast p99 ÷ no-slow p99", fast / baseline));
			this.goals.add(new Goal(
					"S2 fast p99 ≤ 2 × p99 with no slow endpoints", String
						.format("%.0f ms vs %.0f ms = %.2f× (at %.0f events/s)", fast, baseline, fast / baseline, rate),
					fast <= 2 * baseline));
		}
	}

	private void s3(double s1Events, StepResult s1Best) throws InterruptedException {
		Scenario s3 = Scenarios.s3();
		try (EventLoad load = this.env.load(s3)) {
			RateSearch.Result found = this.search.search(s3, load, s1Events * 0.9, 1.25, 6, STEP);
			StepResult best = found.reported();
			double postsPerDelivery = (double) best.requests() / best.webhookIds();
			double share = best.eventsPerSecond() / s1Best.eventsPerSecond();
			report(best, String.format(
					"deliveries/s; 5 subscribers, 10 %% always 500, 5 %% transient; %.2f POSTs " + "per delivery",
					postsPerDelivery), ratios("healthy ÷ S1", share));
			this.goals.add(
					new Goal("S3 healthy endpoints ≥ 90 % of their S1 throughput",
							String.format("%.0f ÷ %.0f events/s = %.0f %%; %.2f POSTs per delivery",
									best.eventsPerSecond(), s1Best.eventsPerSecond(), share * 100, postsPerDelivery),
							share >= 0.9));
		}
		// stops the failing endpoints' retries from loading the scenarios after this one
		this.env.subscriptions().delete(s3);
	}

	private void s4(double s1Events) throws InterruptedException {
		Scenario s4 = Scenarios.s4();
		try (EventLoad load = this.env.load(s4)) {
			RateSearch.Result found = this.search.search(s4, load, Math.max(5, s1Events / 20), 1.5, 7, STEP);
			report(found.reported(), "deliveries/s; 16 KB events, 50 subscribers, 10 ms endpoints", Map.of());
		}
	}

	/**
	 * A fresh worker JVM: class loading, JIT, connections, the subscription views. S1
	 * runs unjudged at 100, 300 and 600 events/s (10 s each). At the 15 s of 100 and 200
	 * events/s this used to be, C2 was still compiling the delivery path, on most of a
	 * core, while the search ran its first steps (worker CPU fell from 0.7 of a core at
	 * 375 deliveries/s to 0.45 at 2,850 once compiled). Last, the 200 events/s step is
	 * repeated (up to five times) until it holds, as a cold pipeline on a busy machine
	 * sometimes needs more.
	 *
	 * <p>
	 * Waiting for this JVM's own compilation to settle does not work: it hosts a broker,
	 * its controller, the router and the clients, and in six more 5 s steps at 600
	 * events/s it spent 103–112 % of each step compiling (two compiler threads), with a
	 * third of the late compilations deoptimized again.
	 */
	private void warmUp(Scenario s1, EventLoad load) throws InterruptedException {
		this.out.println("warming up the pipeline (not measured)");
		for (double eventsPerSecond : new double[] { 100, 300, 600 }) {
			this.steps.run(s1, load, eventsPerSecond, Duration.ofSeconds(10));
		}
		for (int i = 0; i < 5 && !this.steps.run(s1, load, 200, Duration.ofSeconds(5)).sustainable(); i++) {
			this.out.println("not warm yet");
		}
	}

	/**
	 * S1's maximum and the latency at half of it, without the references (so without
	 * their ratios), for trying a change quickly.
	 */
	private void s1Alone() throws InterruptedException {
		Scenario s1 = Scenarios.s1();
		try (EventLoad load = this.env.load(s1)) {
			S1Run run = s1AndHalf(s1, load);
			report(run.best(), "deliveries/s; 5 subscribers, log-normal 50/300 ms", Map.of());
			halfRate(run.half());
			overload(run.best(), run.overload());
		}
	}

	/**
	 * S2 alone after the warm-up, its search starting where the whole run would start it
	 * for an S1 maximum of {@code s1Events} events/s.
	 */
	private void s2Alone(double s1Events) throws InterruptedException {
		warmUpAlone();
		s2(s1Events);
	}

	/**
	 * S4 alone after the warm-up, its search starting as for an S1 of {@code s1Events}.
	 */
	private void s4Alone(double s1Events) throws InterruptedException {
		warmUpAlone();
		s4(s1Events);
	}

	/** S1's maximum, then S3 against it (S3's goal is a share of S1's rate). */
	private void s3Alone() throws InterruptedException {
		Scenario s1 = Scenarios.s1();
		StepResult best;
		try (EventLoad load = this.env.load(s1)) {
			best = warmUpAndSearch(s1, load);
			report(best, "deliveries/s; 5 subscribers, log-normal 50/300 ms", Map.of());
		}
		s3(best.eventsPerSecond(), best);
	}

	/**
	 * S1's fastest step that held, a step at half its rate, and one at {@value #OVERLOAD}
	 * times it.
	 */
	private record S1Run(StepResult best, StepResult half, StepRunner.Overload overload) {
	}

	/** Warms up, then searches for S1's maximum; returns its fastest step that held. */
	private StepResult warmUpAndSearch(Scenario s1, EventLoad load) throws InterruptedException {
		warmUp(s1, load);
		return this.search.search(s1, load, 150, 1.5, 10, STEP).reported();
	}

	/**
	 * Warms up, searches for S1's maximum, then runs S1 at half of it, and at
	 * {@value #OVERLOAD} times it for {@link #OVERLOAD_LENGTH}.
	 */
	private S1Run s1AndHalf(Scenario s1, EventLoad load) throws InterruptedException {
		StepResult best = warmUpAndSearch(s1, load);
		this.out.println("S1: latency added at half the maximum rate");
		StepResult half = this.steps.run(s1, load, best.eventsPerSecond() / 2, Duration.ofSeconds(8));
		this.out.printf("S1: overload, %.1f x the maximum for %d s%n", OVERLOAD, OVERLOAD_LENGTH.toSeconds());
		StepRunner.Overload overload = this.steps.overload(s1, load, best.eventsPerSecond() * OVERLOAD, OVERLOAD_LENGTH,
				OVERLOAD_SETTLE, OVERLOAD_DRAIN);
		return new S1Run(best, half, overload);
	}

	/**
	 * Reports the overload step and its goal: the stack keeps delivering at 0.9 × S1's
	 * maximum, and the backlog drains.
	 */
	private void overload(StepResult best, StepRunner.Overload overload) {
		this.results.add(new ScenarioResult("S1@150%", overload.goodput(), 0, 0, 0, overload.duplicates(), null,
				String.format("deliveries/s delivered while %.0f/s were offered for %d s; backlog drained in %.1f s",
						overload.offeredDeliveriesPerSecond(), OVERLOAD_LENGTH.toSeconds(), overload.drainSeconds()),
				ratios("÷ S1 max", overload.goodput() / best.deliveriesPerSecond())));
		this.goals.add(new Goal("no collapse at 1.5 × max: goodput ≥ 0.9 × max, drains",
				String.format("%.0f ÷ %.0f = %.2f, drained in %.1f s", overload.goodput(), best.deliveriesPerSecond(),
						overload.goodput() / best.deliveriesPerSecond(), overload.drainSeconds()),
				overload.goodput() >= 0.9 * best.deliveriesPerSecond()));
	}

	/** Reports the step at half S1's maximum, and its goal. */
	private void halfRate(StepResult half) {
		report(renamed(half, "S1@50%"), "latency added at half S1's maximum rate", Map.of());
		this.goals.add(new Goal("p99 added at 50 % of max ≤ 250 ms",
				String.format("p99 %.0f ms at %.0f events/s (S1)", half.p99Ms(), half.eventsPerSecond()),
				half.p99Ms() <= 250));
	}

	/**
	 * S5 alone at a given rate (the whole run takes 10 × S1's maximum), after a warm-up.
	 */
	private void s5Alone(double eventsPerSecond, int seconds) throws InterruptedException {
		warmUpAlone();
		s5(Scenarios.s1(), eventsPerSecond, seconds);
	}

	/** The memory scenario alone, after the warm-up that the whole run does first. */
	private void memoryAlone() throws InterruptedException {
		warmUpAlone();
		memory();
	}

	/** The warm-up that the whole run does first, for running one scenario alone. */
	private void warmUpAlone() throws InterruptedException {
		try (EventLoad load = this.env.load(Scenarios.s1())) {
			warmUp(Scenarios.s1(), load);
		}
	}

	/** RSS with the worker's in-flight cap full: 250 endpoints that each take 8 s. */
	private void memory() throws InterruptedException {
		Scenario memory = Scenarios.memory();
		this.out.println("M: worker RSS with " + BenchEnvironment.MAX_IN_FLIGHT + " deliveries in flight");
		try (EventLoad load = this.env.load(memory)) {
			InFlightProbe probe = new InFlightProbe(this.env.receiver(), this.env.rss());
			StepResult step = probe.fill(memory, load, this.steps, 15_000, Duration.ofSeconds(6));
			String measured = String.format("peak %.0f MB with %,d requests open at the receiver (worker %s, %s)",
					step.peakRssMb(), probe.peakOpen(), BenchEnvironment.WORKER_JVM,
					BenchEnvironment.WORKER_ENVIRONMENT);
			this.results.add(new ScenarioResult("M", probe.peakOpen(), step.p50Ms(), step.p99Ms(), step.p999Ms(),
					step.duplicates(), step.peakRssMb(), "requests in flight at once (not a rate); 8 s endpoints",
					Map.of()));
			this.goals.add(new Goal("worker RSS ≤ 512 MB with 10,000 in flight", measured,
					step.peakRssMb() <= 512 && probe.peakOpen() >= BenchEnvironment.MAX_IN_FLIGHT * 0.95));
		}
	}

	private void s5(Scenario s1, double rate, int seconds) throws InterruptedException {
		this.out.printf("S5: %.0f events/s (10 × S1) for %d s; a second worker is killed half-way%n", rate, seconds);
		WorkerProcess second = this.env.startWorker("worker-2");
		this.env.awaitWorkersAssigned(2);
		try (EventLoad load = this.env.load(s1)) {
			// a cold worker takes seconds to send its first request: warm the second one
			// up,
			// so that the kill meets deliveries in flight rather than a JVM still
			// starting
			this.out.println("S5: warming both workers up (not measured)");
			this.steps.run(s1, load, 200, Duration.ofSeconds(10));
			StepResult step = new CrashRun(this.env, this.steps).run(s1, load, rate, Duration.ofSeconds(seconds),
					second);
			report(renamed(step, "S5"),
					String.format(
							"events/s of the burst × 5; drain %.1f s after the burst, worker killed at %d s; "
									+ "%,d POSTs for %,d webhook-ids",
							step.drainSeconds(), seconds / 2, step.requests(), step.webhookIds()),
					Map.of());
		}
	}

	private void report(StepResult step, String notes, Map<String, Double> ratios) {
		this.results.add(new ScenarioResult(step.scenario(), step.deliveriesPerSecond(), step.p50Ms(), step.p99Ms(),
				step.p999Ms(), step.duplicates(), step.peakRssMb(), notes, ratios));
	}

	private static StepResult renamed(StepResult step, String name) {
		return new StepResult(name, step.eventsPerSecond(), step.deliveriesPerSecond(), step.events(), step.caughtUp(),
				step.drainSeconds(), step.p50Ms(), step.p99Ms(), step.p999Ms(), step.groupP99Ms(), step.duplicates(),
				step.requests(), step.webhookIds(), step.peakRssMb(), step.loadLagMs(), step.receiverVerdict(),
				step.sustainable(), step.why());
	}

	private static ScenarioResult reference(String name, double rate, LatencySummary latency, String notes) {
		return new ScenarioResult(name, rate, (latency != null) ? latency.p50Ms() : 0,
				(latency != null) ? latency.p99Ms() : 0, (latency != null) ? latency.p999Ms() : 0, 0, null, notes,
				Map.of());
	}

	private static Map<String, Double> ratios(Object... labelsAndValues) {
		Map<String, Double> ratios = new LinkedHashMap<>();
		for (int i = 0; i < labelsAndValues.length; i += 2) {
			ratios.put((String) labelsAndValues[i], (Double) labelsAndValues[i + 1]);
		}
		return ratios;
	}

}
