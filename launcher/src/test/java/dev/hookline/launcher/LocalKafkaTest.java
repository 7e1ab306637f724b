package dev.hookline.launcher;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class LocalKafkaTest {

	@Test
	void topicsSurviveARestartOnTheSameDataFolder(@TempDir Path dir) throws Exception {
		int port = LocalKafka.freePort();
		int controllerPort = LocalKafka.freePort();
		try (LocalKafka kafka = new LocalKafka(dir, port, controllerPort).start();
				Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
			admin.createTopics(java.util.List.of(new NewTopic("kept", 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}

		try (LocalKafka kafka = new LocalKafka(dir, port, controllerPort).start();
				Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
			assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("kept");
		}
	}

}
