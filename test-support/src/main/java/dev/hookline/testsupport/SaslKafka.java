package dev.hookline.testsupport;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A one-node KRaft cluster in this JVM whose clients must authenticate with SASL/SCRAM,
 * as a managed or secured cluster asks: its listener speaks {@code SASL_PLAINTEXT} and
 * knows the user {@value #USER} (SCRAM-SHA-256, password {@value #PASSWORD}), created
 * through the cluster's own admin user (PLAIN) once it is up. That user is a super user;
 * {@value #LIMITED_USER} (same password) may do only what {@link #grant} gives it.
 *
 * <p>
 * Kafka's test kit points the JVM's {@code java.security.auth.login.config} at the JAAS
 * file of its broker; clients that do not use SASL never read it.
 */
public final class SaslKafka implements AutoCloseable {

	public static final String USER = "hookline";

	public static final String PASSWORD = "hookline-secret";

	/** A user with no super powers: what it may do is granted with {@link #grant}. */
	public static final String LIMITED_USER = "hookline-limited";

	private final KafkaClusterTestKit cluster;

	private final Properties admin;

	private SaslKafka(KafkaClusterTestKit cluster, Properties admin) {
		this.cluster = cluster;
		this.admin = admin;
	}

	public static SaslKafka start() throws Exception {
		TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true)
			.setNumBrokerNodes(1)
			.setNumControllerNodes(1)
			.setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
			.build();
		KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
			.setConfigProp("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256")
			// the controller listener is PLAINTEXT (ANONYMOUS) inside this JVM
			.setConfigProp("super.users", "User:ANONYMOUS;User:" + JaasUtils.KAFKA_PLAIN_ADMIN + ";User:" + USER)
			.setConfigProp("offsets.topic.replication.factor", "1")
			.setConfigProp("transaction.state.log.replication.factor", "1")
			.setConfigProp("transaction.state.log.min.isr", "1")
			.build();
		try {
			cluster.format();
			cluster.startup();
			cluster.waitForReadyBrokers();
			Properties admin = cluster.clientProperties();
			admin.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SecurityProtocol.SASL_PLAINTEXT.name);
			admin.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
			admin.put(SaslConfigs.SASL_JAAS_CONFIG,
					"org.apache.kafka.common.security.plain.PlainLoginModule required " + "username=\""
							+ JaasUtils.KAFKA_PLAIN_ADMIN + "\" password=\"" + JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD
							+ "\";");
			try (Admin client = Admin.create(admin)) {
				client
					.alterUserScramCredentials(List.of(
							new UserScramCredentialUpsertion(USER,
									new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), PASSWORD),
							new UserScramCredentialUpsertion(LIMITED_USER,
									new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), PASSWORD)))
					.all()
					.get(30, TimeUnit.SECONDS);
			}
			return new SaslKafka(cluster, admin);
		}
		catch (Exception ex) {
			cluster.close();
			throw ex;
		}
	}

	/**
	 * Grants {@code user} these permissions, as the cluster's admin; for a user that is
	 * not a super user.
	 */
	public void grant(String user, List<AclBinding> bindings) throws Exception {
		try (Admin client = Admin.create(this.admin)) {
			client.createAcls(bindings).all().get(30, TimeUnit.SECONDS);
		}
	}

	public String bootstrapServers() {
		return this.cluster.bootstrapServers();
	}

	/**
	 * The client properties that authenticate as {@code user} with SCRAM-SHA-256, keyed
	 * as Kafka names them.
	 */
	public static Map<String, String> scram(String user, String password) {
		return Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SecurityProtocol.SASL_PLAINTEXT.name,
				SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-256", SaslConfigs.SASL_JAAS_CONFIG,
				"org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
						+ password + "\";");
	}

	@Override
	public void close() throws Exception {
		this.cluster.close();
	}

}
