package dev.hookline.bench.router;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import dev.hookline.bench.router.RoutingWatch.Span;
import dev.hookline.schemas.KafkaSettings;
import dev.hookline.schemas.TopicProvisioner;

import org.springframework.util.FileSystemUtils;

/**
 * Router load: how many events per second the real router routes with a large
 * subscription catalogue, for mixed traffic of every tenant and for one tenant with
 * thousands of subscriptions alone.
 *
 * <p>
 * Runs on a broker the caller runs, on topics of its own ({@code rbench-<hex>.}) and a
 * consumer group of its own, so nothing else on the broker sees its records. It writes
 * the subscriptions ({@link Catalogue}), pre-produces a warm-up batch and the mixed
 * events, then starts the router (its own Spring context in this JVM) and times how long
 * the router's committed offsets take to reach the end of the events; then it produces
 * the big tenant's events with the router running and times them the same way. After each
 * phase it counts the deliveries committed and fails with {@link IllegalStateException}
 * when they differ from what the subscriptions imply. It closes the router and deletes
 * its topics, consumer group and state directory however the run ends.
 */
public final class RouterLoad {

	private final String bootstrapServers;

	private final Path stateDir;

	private final Plan plan;

	/**
	 * @param bootstrapServers the broker (it must allow transactions)
	 * @param stateDir where the router's state directory is made, and removed after
	 * @param plan the sizes of the run
	 */
	public RouterLoad(String bootstrapServers, Path stateDir, Plan plan) {
		this.bootstrapServers = bootstrapServers;
		this.stateDir = stateDir;
		this.plan = plan;
	}

	/**
	 * Runs the benchmark: {@code java … RouterLoad [--bootstrap-servers=…] [--small]}.
	 */
	public static void main(String[] args) throws Exception {
		RouterLoadCommand.run(args, System.out);
	}

	/**
	 * Runs both phases, printing one-line progress messages.
	 * @throws IllegalStateException when the router fails, stalls for a minute, or writes
	 * other deliveries than the subscriptions imply
	 */
	public Result run(PrintStream progress) throws InterruptedException {
		String run = HexFormat.of().toHexDigits(new SecureRandom().nextInt());
		String prefix = "rbench-" + run + ".";
		String applicationId = "rbench-" + run + "-router";
		KafkaSettings kafka = new KafkaSettings(this.bootstrapServers, prefix, this.plan.partitions(), (short) 1, null);
		Path state = this.stateDir.resolve("rbench-" + run);
		try (BenchAdmin admin = new BenchAdmin(this.bootstrapServers, kafka.topics().events().name(),
				this.plan.partitions(), applicationId)) {
			try {
				return measure(kafka, applicationId, state, admin, progress);
			}
			finally {
				cleanUp(admin, List.of(prefix, applicationId + "-"), state, progress);
			}
		}
	}

	private Result measure(KafkaSettings kafka, String applicationId, Path state, BenchAdmin admin,
			PrintStream progress) throws InterruptedException {
		TopicProvisioner.createMissing(kafka);
		Catalogue catalogue = new Catalogue(this.plan);
		Traffic mixed = Traffic.mixed(catalogue, "m", this.plan.mixedEvents(), this.plan.eventBytes());
		Traffic big = Traffic.bigTenant(catalogue, "b", this.plan.bigTenantEvents(), this.plan.eventBytes());
		try (TopicWriter writer = new TopicWriter(this.bootstrapServers, kafka.topics());
				DeliveryCounter counter = new DeliveryCounter(this.bootstrapServers, kafka.topics().deliveries().name(),
						this.plan.partitions(), Catalogue.bigSubscriptionPrefix())) {
			Phases phases = new Phases(catalogue, Traffic.mixed(catalogue, "w", warmupEvents(), this.plan.eventBytes()),
					mixed, big, writer, counter, progress);
			phases.prepare(admin, kafka.topicPrefix());
			try (EmbeddedRouter router = EmbeddedRouter.start(kafka, applicationId, state, this.plan.dedupWindow(),
					Duration.ofMinutes(2))) {
				RoutingWatch watch = new RoutingWatch(admin, router, progress, Duration.ofMinutes(1));
				Span mixedSpan = phases.mixed(watch);
				Span bigSpan = phases.bigTenant(watch);
				if (router.duplicateEvents() > 0) {
					throw new IllegalStateException(
							"router-load: the router dropped " + router.duplicateEvents() + " events as copies");
				}
				Result result = result(catalogue, mixed, big, mixedSpan, bigSpan);
				progress.println("router-load: " + result.summary());
				return result;
			}
		}
	}

	private Result result(Catalogue catalogue, Traffic mixed, Traffic big, Span mixedSpan, Span bigSpan) {
		double bigSeconds = bigSpan.seconds();
		long mixedDeliveries = mixed.deliveries();
		long bigDeliveries = big.deliveries();
		double eventsPerSecond = mixedSpan.perSecond();
		return new Result(catalogue.subscriptions(), catalogue.tenants(), mixed.count() + (long) big.count(),
				mixedDeliveries + bigDeliveries, mixedDeliveries, bigDeliveries, eventsPerSecond,
				eventsPerSecond * mixedDeliveries / mixed.count(), big.count() / bigSeconds, bigDeliveries / bigSeconds,
				mixedSpan.seconds(), bigSeconds, mixedSpan.seconds() + bigSeconds);
	}

	/**
	 * Half the mixed events, to let the JIT compile the routing path untimed. A tenth was
	 * too little: the first pass of a JVM then ran while C2 still compiled, and swapping
	 * the order of the two passes swapped which of them looked faster.
	 */
	private int warmupEvents() {
		return Math.max(1, this.plan.mixedEvents() / 2);
	}

	/**
	 * Deletes the run's topics (Streams names its internal ones after the application
	 * id), consumer group and state; a failure is printed rather than thrown, so that it
	 * never hides the run's own outcome.
	 */
	private static void cleanUp(BenchAdmin admin, List<String> topicPrefixes, Path state, PrintStream progress) {
		try {
			admin.deleteAll(topicPrefixes);
		}
		catch (RuntimeException ex) {
			progress.println("router-load: WARNING could not delete the topics " + topicPrefixes + "*: " + ex);
		}
		try {
			FileSystemUtils.deleteRecursively(state);
		}
		catch (IOException ex) {
			progress.println("router-load: WARNING could not delete " + state + ": " + ex);
		}
	}

	/**
	 * The sizes of a run.
	 *
	 * @param tenants normal tenants
	 * @param subscriptionsPerTenant subscriptions of each normal tenant, each on its own
	 * event type
	 * @param bigTenantSubscriptions subscriptions of the one big tenant, ten per event
	 * type
	 * @param mixedEvents events of phase 1, every tenant (the big one included) in turn
	 * @param bigTenantEvents events of phase 2, the big tenant's alone
	 * @param eventBytes size of each event's JSON data
	 * @param partitions partitions of the events and deliveries topics
	 * @param dedupWindow the router's {@code hookline.router.dedup-window}; zero turns
	 * its deduplication off
	 */
	public record Plan(int tenants, int subscriptionsPerTenant, int bigTenantSubscriptions, int mixedEvents,
			int bigTenantEvents, int eventBytes, int partitions, Duration dedupWindow) {

		/** The router's default deduplication window. */
		public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofHours(1);

		public Plan {
			if (tenants < 1 || subscriptionsPerTenant < 1 || bigTenantSubscriptions < 1 || mixedEvents < 1
					|| bigTenantEvents < 1 || eventBytes < 0 || partitions < 1 || dedupWindow.isNegative()) {
				throw new IllegalArgumentException(
						"every size must be at least 1 (eventBytes and dedupWindow at least 0): " + this);
			}
		}

		/** This plan with another deduplication window for the router. */
		public Plan withDedupWindow(Duration window) {
			return new Plan(this.tenants, this.subscriptionsPerTenant, this.bigTenantSubscriptions, this.mixedEvents,
					this.bigTenantEvents, this.eventBytes, this.partitions, window);
		}

		/**
		 * The goal's catalogue: 10k subscriptions over 1k tenants, and one more tenant
		 * with 5,000; 1 KB events over 12 partitions. 100,000 mixed events and 500 of the
		 * big tenant keep the whole run near a minute on 2 busy cores. The big tenant's
		 * events cycle through its 500 types, so most of them are the first of their type
		 * and make the router test all 5,000 subscriptions: its rate is the worst case.
		 * The router deduplicates with its default window.
		 */
		public static Plan defaults() {
			return new Plan(1000, 10, 5000, 100_000, 500, 1024, 12, DEFAULT_DEDUP_WINDOW);
		}

		/** A few hundred events over a small catalogue, for tests. */
		public static Plan small() {
			return new Plan(20, 3, 50, 315, 100, 256, 3, DEFAULT_DEDUP_WINDOW);
		}

	}

	/**
	 * What a run measured. Rates are events (or deliveries) routed per second of wall
	 * time; warm-up is never counted.
	 *
	 * @param subscriptions subscriptions in the catalogue, the big tenant's included
	 * @param tenants tenants, the big one included
	 * @param events events of both measured phases
	 * @param deliveries deliveries of both measured phases (checked against the router's
	 * output)
	 * @param mixedDeliveries deliveries of phase 1
	 * @param bigTenantDeliveries deliveries of phase 2
	 * @param eventsPerSecond phase 1: mixed traffic of every tenant
	 * @param deliveriesPerSecond phase 1, deliveries ({@code eventsPerSecond} × the mean
	 * deliveries of a mixed event)
	 * @param bigTenantEventsPerSecond phase 2: the big tenant's events alone
	 * @param bigTenantDeliveriesPerSecond phase 2, deliveries
	 * @param mixedSeconds length of phase 1
	 * @param bigTenantSeconds length of phase 2
	 * @param seconds total measured time
	 */
	public record Result(int subscriptions, int tenants, long events, long deliveries, long mixedDeliveries,
			long bigTenantDeliveries, double eventsPerSecond, double deliveriesPerSecond,
			double bigTenantEventsPerSecond, double bigTenantDeliveriesPerSecond, double mixedSeconds,
			double bigTenantSeconds, double seconds) {

		/** One line for a console. */
		public String summary() {
			return String.format(
					"%,d subscriptions, %,d tenants: mixed %,.0f events/s (%,.0f deliveries/s, %.1f s); "
							+ "big tenant alone %,.0f events/s (%,.0f deliveries/s, %.1f s)",
					this.subscriptions, this.tenants, this.eventsPerSecond, this.deliveriesPerSecond, this.mixedSeconds,
					this.bigTenantEventsPerSecond, this.bigTenantDeliveriesPerSecond, this.bigTenantSeconds);
		}

	}

}
