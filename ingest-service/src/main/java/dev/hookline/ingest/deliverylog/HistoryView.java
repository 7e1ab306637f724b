package dev.hookline.ingest.deliverylog;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

import dev.hookline.ingest.http.ApiException;
import dev.hookline.schemas.KafkaSettings;
import dev.hookline.schemas.QuarantineWriter;
import dev.hookline.schemas.TopicProvisioner;
import dev.hookline.schemas.TableView;
import dev.hookline.schemas.Topic;
import dev.hookline.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * Runs the delivery history ({@link HistoryTopology}) in this ingest instance and answers
 * which instance holds what.
 *
 * <p>
 * Every ingest instance is a member of one Kafka Streams application and holds the
 * history of the subscriptions whose partitions it was assigned; it tells the others
 * where to reach it ({@code application.server}), so a query about a subscription goes to
 * the instance that holds it ({@link #owner}). It starts once the web server listens, as
 * the address it advertises is the server's port, and publishing never waits for it.
 * Until its stores are ready (at start, during a rebalance), {@link #read} answers 503.
 */
final class HistoryView implements ApplicationListener<WebServerInitializedEvent>, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(HistoryView.class);

	private final HistoryProperties properties;

	private final KafkaSettings kafka;

	private final Topics topics;

	private final MeterRegistry registry;

	private final QuarantineWriter quarantine;

	private volatile @Nullable KafkaStreams streams;

	private @Nullable KafkaStreamsMetrics metrics;

	private volatile @Nullable HostInfo self;

	private volatile @Nullable TableView<String, CountedStats> counts;

	private String scheme = "http";

	HistoryView(HistoryProperties properties, KafkaSettings kafka, Topics topics, MeterRegistry registry,
			QuarantineWriter quarantine) {
		this.properties = properties;
		this.quarantine = quarantine;
		this.kafka = kafka;
		this.topics = topics;
		this.registry = registry;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		// the API's server, not the management one
		if (event.getApplicationContext().getServerNamespace() == null) {
			start(event.getWebServer().getPort());
		}
	}

	synchronized void start(int port) {
		if (this.streams != null) {
			return;
		}
		HostInfo advertised = advertised(port);
		Path stateDir = (this.properties.stateDir() != null) ? this.properties.stateDir()
				: Path.of(System.getProperty("java.io.tmpdir"), "hookline-ingest-history-" + port);
		KafkaStreams started = new KafkaStreams(
				HistoryTopology.build(this.topics, this.properties.retention(), this.quarantine),
				streamsProperties(advertised, stateDir));
		started.setStateListener((now, before) -> {
			log.info("delivery history {} -> {}", before, now);
			if (now == KafkaStreams.State.RUNNING) {
				readCounts();
			}
		});
		KafkaStreamsMetrics bound = new KafkaStreamsMetrics(started);
		bound.bindTo(this.registry);
		this.metrics = bound;
		started.start();
		this.self = advertised;
		this.streams = started;
		log.info("delivery history started: state in {}, reachable at {}://{}:{}", stateDir, this.scheme,
				advertised.host(), advertised.port());
	}

	/**
	 * Starts reading the counters' changelog into memory, once: every instance holds
	 * every subscription's counters (one small entry each), so a subscription list never
	 * waits for another instance. Only once Kafka Streams has run, which created the
	 * topic: a read before might have the broker create it with the wrong settings.
	 */
	private synchronized void readCounts() {
		if (this.counts != null) {
			return;
		}
		Serde<CountedStats> values = Serdes.serdeFrom((topic, value) -> HistoryJson.write(value),
				(topic, json) -> (json != null) ? HistoryJson.read(json, CountedStats.class) : null);
		Map<String, Object> config = this.kafka.client(this.properties.applicationId() + "-counts");
		config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
		TableView<String, CountedStats> view = new TableView<>(
				new Topic<>(this.properties.applicationId() + "-" + HistoryTopology.STATS + "-changelog",
						Serdes.String(), values),
				this.kafka.bootstrapServers(), config, this.quarantine);
		view.start();
		this.counts = view;
	}

	/** The subscription's counters, as far as this instance has read them. */
	Optional<CountedStats> counts(String subscriptionId) {
		TableView<String, CountedStats> view = this.counts;
		return (view != null) ? view.get(subscriptionId) : Optional.empty();
	}

	private HostInfo advertised(int port) {
		String url = this.properties.advertisedUrl();
		if (url == null) {
			return new HostInfo("localhost", port);
		}
		this.scheme = url.substring(0, url.indexOf(':'));
		String hostPort = url.substring(url.indexOf("//") + 2).replaceAll("/$", "");
		int colon = hostPort.lastIndexOf(':');
		return new HostInfo(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
	}

	private Properties streamsProperties(HostInfo advertised, Path stateDir) {
		Properties streams = new Properties();
		// the client properties first (security), the history's settings over them
		streams.putAll(this.kafka.properties());
		streams.put(StreamsConfig.APPLICATION_ID_CONFIG, this.properties.applicationId());
		streams.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, this.kafka.bootstrapServers());
		streams.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertised.host() + ":" + advertised.port());
		streams.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
		streams.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, this.properties.threads());
		streams.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, this.properties.commitInterval().toMillis());
		streams.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, HistoryRocksDb.class.getName());
		streams.put(HistoryRocksDb.BLOCK_CACHE_BYTES, this.properties.blockCache().toBytes());
		streams.put(HistoryRocksDb.WRITE_BUFFER_BYTES, this.properties.writeBuffers().toBytes());
		// its changelogs are JSON, which lz4 shrinks several times over: less for the
		// broker to write and replicate
		streams.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
		// what the worker committed only, as the rest of Hookline reads
		streams.put(StreamsConfig.consumerPrefix("isolation.level"), "read_committed");
		short replicas = replicas();
		streams.putIfAbsent(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) replicas);
		streams.putIfAbsent(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG),
				String.valueOf(Topics.minInsyncReplicas(replicas)));
		streams.putAll(this.properties.streams());
		return streams;
	}

	/** The replicas of Hookline's topics on this cluster, for the history's own. */
	private short replicas() {
		return TopicProvisioner.replicationFactor(this.kafka, this.properties.applicationId() + "-admin");
	}

	/**
	 * Reads this instance's part of one window store.
	 * @throws ApiException 503 while the stores are not ready
	 */
	<T> T read(String store, Function<ReadOnlyWindowStore<String, byte[]>, T> query) {
		return read(store, QueryableStoreTypes.<String, byte[]>windowStore(), query);
	}

	/**
	 * Reads this instance's part of one store.
	 * @throws ApiException 503 while the stores are not ready
	 */
	<S, T> T read(String store, QueryableStoreType<S> type, Function<S, T> query) {
		KafkaStreams running = running();
		try {
			return query.apply(running.store(StoreQueryParameters.fromNameAndType(store, type)));
		}
		catch (InvalidStateStoreException ex) {
			throw unavailable();
		}
	}

	/**
	 * Reads one window store in the partition that holds this subscription, which a read
	 * of the whole store would otherwise look for in every partition this instance holds.
	 * @throws ApiException 503 while the stores are not ready
	 */
	<T> T readOwn(String store, String subscriptionId, Function<ReadOnlyWindowStore<String, byte[]>, T> query) {
		return readOwn(store, QueryableStoreTypes.<String, byte[]>windowStore(), subscriptionId, query);
	}

	/**
	 * Reads one store in the partition that holds this subscription.
	 * @throws ApiException 503 while the stores are not ready
	 */
	<S, T> T readOwn(String store, QueryableStoreType<S> type, String subscriptionId, Function<S, T> query) {
		KafkaStreams running = running();
		KeyQueryMetadata metadata = placement(running, subscriptionId);
		if (metadata == null) {
			throw unavailable();
		}
		try {
			return query.apply(new Partition(running, metadata.partition()).get(store, type));
		}
		catch (InvalidStateStoreException ex) {
			throw unavailable();
		}
	}

	/**
	 * Reads one store in each partition this instance holds, one at a time: a key kept in
	 * several partitions (the event index) must be read in each, as a read of the whole
	 * store stops at the first partition that has the key.
	 * @throws ApiException 503 while the stores are not ready
	 */
	<T> List<T> readEach(String store, Function<ReadOnlyWindowStore<String, byte[]>, T> query) {
		return readEachPartition(stores -> query.apply(stores.get(store, QueryableStoreTypes.windowStore())));
	}

	/**
	 * Reads the stores of each partition this instance holds, one partition at a time.
	 * @throws ApiException 503 while the stores are not ready
	 */
	<T> List<T> readEachPartition(Function<PartitionStores, T> query) {
		KafkaStreams running = running();
		try {
			return running.metadataForLocalThreads()
				.stream()
				.flatMap(thread -> thread.activeTasks().stream())
				.flatMap(task -> task.topicPartitions().stream())
				.map(partition -> partition.partition())
				.distinct()
				.map(partition -> query.apply(new Partition(running, partition)))
				.toList();
		}
		catch (InvalidStateStoreException ex) {
			throw unavailable();
		}
	}

	/** The stores of one partition. */
	interface PartitionStores {

		<S> S get(String store, QueryableStoreType<S> type);

	}

	/** The stores of one partition of the running history. */
	private record Partition(KafkaStreams running, int partition) implements PartitionStores {

		@Override
		public <S> S get(String store, QueryableStoreType<S> type) {
			return this.running.store(StoreQueryParameters.fromNameAndType(store, type).withPartition(this.partition));
		}

	}

	/**
	 * The base URL of the instance that holds this subscription's history, or null when
	 * it is this one.
	 * @throws ApiException 503 while no instance holds it (start-up, rebalancing)
	 */
	@Nullable String owner(String subscriptionId) {
		KeyQueryMetadata metadata = placement(running(), subscriptionId);
		if (metadata == null) {
			throw unavailable();
		}
		HostInfo owner = metadata.activeHost();
		return owner.equals(this.self) ? null : url(owner);
	}

	/**
	 * Reads the stores of the partition that holds this subscription when this instance
	 * holds it now; empty when another instance does.
	 * @throws ApiException 503 while the stores are not ready or no instance holds it
	 */
	<T> Optional<T> readIfHeld(String subscriptionId, Function<PartitionStores, T> query) {
		KafkaStreams running = running();
		KeyQueryMetadata metadata = placement(running, subscriptionId);
		if (metadata == null) {
			throw unavailable();
		}
		if (!metadata.activeHost().equals(this.self)) {
			return Optional.empty();
		}
		try {
			return Optional.of(query.apply(new Partition(running, metadata.partition())));
		}
		catch (InvalidStateStoreException ex) {
			throw unavailable();
		}
	}

	/**
	 * Where the subscription's history is (its partition and the instance holding it), or
	 * null while no instance holds it (start-up, rebalancing).
	 */
	private static @Nullable KeyQueryMetadata placement(KafkaStreams running, String subscriptionId) {
		KeyQueryMetadata metadata = running.queryMetadataForKey(HistoryTopology.TIMELINE, subscriptionId,
				Serdes.String().serializer());
		return (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) ? null : metadata;
	}

	/** The base URLs of the other instances. */
	List<String> peers() {
		return running().metadataForAllStreamsClients()
			.stream()
			.map(metadata -> metadata.hostInfo())
			.filter(host -> !host.equals(this.self))
			.distinct()
			.map(this::url)
			.toList();
	}

	private String url(HostInfo host) {
		return this.scheme + "://" + host.host() + ":" + host.port();
	}

	private KafkaStreams running() {
		KafkaStreams running = this.streams;
		if (running == null || !running.state().isRunningOrRebalancing()) {
			throw unavailable();
		}
		return running;
	}

	/** Kafka Streams' state, or null before it started. */
	KafkaStreams.@Nullable State state() {
		KafkaStreams running = this.streams;
		return (running != null) ? running.state() : null;
	}

	static ApiException unavailable() {
		return ApiException
			.of(HttpStatus.SERVICE_UNAVAILABLE, "history-unavailable", "History unavailable",
					"The delivery history is starting or moving between ingest instances; retry in a moment.")
			.withHeader(HttpHeaders.RETRY_AFTER, "1");
	}

	@Override
	public synchronized void destroy() {
		KafkaStreams running = this.streams;
		if (running == null) {
			return;
		}
		this.streams = null;
		// leaving the group at once hands its partitions to the others without waiting
		// for the session to time out
		if (!running.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
			.withTimeout(this.properties.closeTimeout()))) {
			log.warn("the delivery history did not close within {}", this.properties.closeTimeout());
		}
		Objects.requireNonNull(this.metrics).close();
		TableView<String, CountedStats> view = this.counts;
		if (view != null) {
			view.close();
			this.counts = null;
		}
	}

}
