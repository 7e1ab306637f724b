package dev.hookline.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.hookline.sender.secrets.SecretCipher;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;

/**
 * The set-up every worker integration test shares: a fresh Tink keyset in the test's
 * temporary folder, and the real worker on the embedded broker in local mode, with two
 * partitions and a 2 s drain timeout, plus whatever settings the test adds (later ones
 * win).
 *
 * @param brokers the embedded broker's bootstrap servers
 * @param keysetFile the keyset the worker reads
 * @param cipher the same keyset, for writing subscriptions' encrypted secrets
 */
record TestWorker(String brokers, Path keysetFile, SecretCipher cipher) {

	/** Writes a new keyset to {@code dir} and points at the embedded broker. */
	static TestWorker prepare(Path dir) throws IOException {
		String keyset = SecretCipher.generateKeysetJson();
		return new TestWorker(EmbeddedKafkaCondition.getBroker().getBrokersAsString(),
				Files.writeString(dir.resolve("keyset.json"), keyset), SecretCipher.fromKeysetJson(keyset));
	}

	/** Starts a worker with the shared settings and then {@code settings}. */
	ConfigurableApplicationContext start(String... settings) {
		return startWith(new Class<?>[0], settings);
	}

	/**
	 * Starts a worker with configuration classes of the test's beside the worker's own,
	 * the shared settings and then {@code settings}.
	 */
	ConfigurableApplicationContext startWith(Class<?>[] sources, String... settings) {
		List<String> properties = new ArrayList<>(List.of("hookline.kafka.bootstrap-servers=" + this.brokers,
				"hookline.kafka.partitions=2", "hookline.crypto.keyset-file=" + this.keysetFile,
				"hookline.local-mode=true", "hookline.worker.drain-timeout=2s"));
		properties.addAll(List.of(settings));
		return WorkerApplication.application().sources(sources).properties(properties.toArray(String[]::new)).run();
	}

}
