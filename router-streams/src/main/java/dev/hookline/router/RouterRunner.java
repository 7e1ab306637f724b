package dev.hookline.router;

import java.time.Clock;
import java.util.Properties;

import dev.hookline.router.routing.RouterMetrics;
import dev.hookline.router.routing.RouterTopology;
import dev.hookline.router.routing.RoutingCounts;
import dev.hookline.schemas.KafkaSettings;
import dev.hookline.schemas.QuarantineMetrics;
import dev.hookline.schemas.QuarantineWriter;
import dev.hookline.schemas.TopicProvisioner;
import dev.hookline.schemas.Topics;
import dev.hookline.schemas.TraceHops;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Runs the router's Kafka Streams app for as long as the Spring context runs.
 *
 * <p>
 * {@link #start()} starts Kafka Streams (on topics that exist: its {@link Topics} are
 * made once they were created and the schemas published), with a {@link QuarantineWriter}
 * for what it cannot decode ({@link QuarantiningHandler}), and returns without waiting
 * for it to be {@code RUNNING}: watch {@link #state()} for that. A stream thread that
 * dies is replaced (with exactly-once, its open transaction is aborted and the
 * replacement resumes from the last commit), but not over and over
 * ({@link ThreadFailures}); the global thread cannot be replaced. When the client reaches
 * {@code ERROR} (the global thread died, or a stream thread kept failing) the router
 * routes nothing any more, so {@code fatal} runs: in the service, the process exits
 * non-zero, for its supervisor to restart or report it. {@link #stop()} closes Kafka
 * Streams, waiting at most the configured close timeout. {@link #isRunning()} is the
 * Spring lifecycle's notion: started and not yet stopped, whatever Kafka Streams' own
 * state.
 */
public final class RouterRunner implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RouterRunner.class);

	/** How the router names itself where it is seen from outside (quarantine entries). */
	public static final String SERVICE = "router";

	private final KafkaSettings kafka;

	private final Topics topics;

	private final RouterProperties router;

	private final ThreadFailures failures = new ThreadFailures(Clock.systemUTC());

	private final Runnable fatal;

	private final MeterRegistry registry;

	private final RoutingCounts counts;

	private final TraceHops traces;

	private volatile @Nullable KafkaStreams streams;

	private @Nullable QuarantineWriter quarantine;

	private @Nullable KafkaStreamsMetrics streamsMetrics;

	/**
	 * @param topics the topics, read with the published schemas: the application makes
	 * them once the missing topics are created
	 * @param fatal what to do once Kafka Streams is in {@code ERROR}: it never leaves it
	 * @param registry where {@code hookline.quarantined} and {@link RoutingCounts} are
	 * counted
	 * @param traces where each event's {@code hookline.route} span goes
	 */
	public RouterRunner(KafkaSettings kafka, Topics topics, RouterProperties router, Runnable fatal,
			MeterRegistry registry, TraceHops traces) {
		this.traces = traces;
		this.kafka = kafka;
		this.topics = topics;
		this.router = router;
		this.fatal = fatal;
		this.registry = registry;
		this.counts = new RoutingCounts(registry);
	}

	@Override
	public synchronized void start() {
		if (this.streams != null) {
			return;
		}
		QuarantineWriter writer = new QuarantineWriter(this.topics, this.kafka.bootstrapServers(),
				this.kafka.client(this.router.applicationId() + "-quarantine"), SERVICE,
				(entry) -> QuarantineMetrics.count(this.registry, entry));
		this.quarantine = writer;
		Properties properties = RouterConfig.streamsProperties(this.kafka, this.router, writer);
		RouterConfig.replicateInternalTopics(properties, replicas());
		KafkaStreams started = new KafkaStreams(
				RouterTopology.build(this.topics, this.router.dedupWindow(), this.counts, this.traces), properties);
		started.setUncaughtExceptionHandler((ex) -> {
			StreamThreadExceptionResponse response = this.failures.failed();
			log.error("router stream thread failed; {}", (response == StreamThreadExceptionResponse.REPLACE_THREAD)
					? "replacing it" : "it failed too often to replace again, shutting down", ex);
			return response;
		});
		started.setStateListener(this::stateChanged);
		// Kafka Streams' and its clients' own metrics (consumer lag among them)
		KafkaStreamsMetrics metrics = new KafkaStreamsMetrics(started);
		metrics.bindTo(this.registry);
		this.streamsMetrics = metrics;
		started.start();
		this.streams = started;
	}

	/** The replicas of Hookline's topics on this cluster, for the router's own. */
	private short replicas() {
		return TopicProvisioner.replicationFactor(this.kafka, this.router.applicationId() + "-admin");
	}

	/** Kafka Streams changed state; {@code ERROR} is final, so the router gives up. */
	void stateChanged(KafkaStreams.State now, KafkaStreams.State before) {
		if (now == KafkaStreams.State.ERROR) {
			log.error("router stopped routing: Kafka Streams is in state ERROR; exiting");
			this.fatal.run();
		}
		else {
			log.info("router state {} -> {}", before, now);
		}
	}

	@Override
	public synchronized void stop() {
		KafkaStreams running = this.streams;
		if (running == null) {
			return;
		}
		this.streams = null;
		if (!running.close(this.router.closeTimeout())) {
			log.warn("router did not close within {}", this.router.closeTimeout());
		}
		if (this.streamsMetrics != null) {
			this.streamsMetrics.close();
			this.streamsMetrics = null;
		}
		// after Streams: a thread still quarantining a record gives up, and its record is
		// read again at the next start
		if (this.quarantine != null) {
			this.quarantine.close();
			this.quarantine = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.streams != null;
	}

	/** Kafka Streams' state; {@code NOT_RUNNING} before start and after stop. */
	public KafkaStreams.State state() {
		KafkaStreams running = this.streams;
		return (running != null) ? running.state() : KafkaStreams.State.NOT_RUNNING;
	}

	/** Records skipped as undecodable, over the tasks this instance runs now. */
	public double droppedRecords() {
		KafkaStreams running = this.streams;
		return (running != null) ? RouterMetrics.droppedRecords(running.metrics()) : 0;
	}

	/** Events dropped as copies, over the tasks this instance runs now. */
	public double duplicateEvents() {
		KafkaStreams running = this.streams;
		return (running != null) ? RouterMetrics.duplicateEvents(running.metrics()) : 0;
	}

}
