package dev.hookline.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node Kafka (KRaft, broker and controller in one) running inside this JVM, with
 * its data kept in a local folder so that topics and offsets survive a restart.
 *
 * <p>
 * The folder is formatted on first use; later starts find it formatted and reuse it. A
 * port already in use fails {@link #start()} with the broker's own error.
 */
public final class LocalKafka implements AutoCloseable {

	private final Path dataDir;

	private final int port;

	private final int controllerPort;

	private KafkaRaftServer server;

	/**
	 * @param dataDir where the broker keeps its log and metadata
	 * @param port the client port on 127.0.0.1
	 * @param controllerPort the KRaft controller port on 127.0.0.1
	 */
	public LocalKafka(Path dataDir, int port, int controllerPort) {
		this.dataDir = dataDir.toAbsolutePath();
		this.port = port;
		this.controllerPort = controllerPort;
	}

	/**
	 * A broker on two ports free at this moment, for benchmarks and harnesses that run
	 * beside other processes.
	 * @param dataDir where the broker keeps its log and metadata
	 */
	public static LocalKafka onFreePorts(Path dataDir) {
		return new LocalKafka(dataDir, freePort(), freePort());
	}

	/** A TCP port free at this moment. */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	public LocalKafka start() {
		KafkaConfig config = KafkaConfig.fromProps(properties());
		formatOnce();
		this.server = new KafkaRaftServer(config, Time.SYSTEM);
		this.server.startup();
		return this;
	}

	private Properties properties() {
		Properties props = new Properties();
		props.put("process.roles", "broker,controller");
		props.put("node.id", "1");
		props.put("controller.quorum.voters", "1@127.0.0.1:" + this.controllerPort);
		props.put("listeners", "PLAINTEXT://127.0.0.1:" + this.port + ",CONTROLLER://127.0.0.1:" + this.controllerPort);
		props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + this.port);
		props.put("controller.listener.names", "CONTROLLER");
		props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
		props.put("log.dirs", this.dataDir.toString());
		// one node: every internal topic has one replica
		props.put("offsets.topic.replication.factor", "1");
		props.put("transaction.state.log.replication.factor", "1");
		props.put("transaction.state.log.min.isr", "1");
		props.put("share.coordinator.state.topic.replication.factor", "1");
		props.put("share.coordinator.state.topic.min.isr", "1");
		// a developer waits for nobody: start consumer groups at once
		props.put("group.initial.rebalance.delay.ms", "0");
		props.put("auto.create.topics.enable", "false");
		return props;
	}

	private void formatOnce() {
		try {
			Files.createDirectories(this.dataDir);
			if (Files.exists(this.dataDir.resolve("meta.properties"))) {
				return;
			}
			new Formatter().setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
				.setNodeId(1)
				.setClusterId(Uuid.randomUuid().toString())
				.setDirectories(List.of(this.dataDir.toString()))
				.setMetadataLogDirectory(this.dataDir.toString())
				.setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
				.setSupportedFeatures(Feature.PRODUCTION_FEATURES)
				.setControllerListenerName("CONTROLLER")
				.run();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot prepare " + this.dataDir, ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot format the Kafka data folder " + this.dataDir, ex);
		}
	}

	@Override
	public void close() {
		if (this.server != null) {
			this.server.shutdown();
			this.server.awaitShutdown();
			this.server = null;
		}
	}

}
