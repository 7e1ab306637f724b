package dev.hookline.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.hookline.launcher.Api.PublishedEvent;
import dev.hookline.testsupport.Received;
import dev.hookline.testsupport.SaslKafka;
import dev.hookline.testsupport.VerifyingReceiver;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The router, the worker and the API on a cluster that wants SASL/SCRAM, configured only
 * through {@code hookline.kafka.properties.*}: a wrong password stops the start with one
 * line that says so; the right one delivers a signed event end to end.
 */
class SecuredKafkaEndToEndTest {

	@TempDir
	Path dir;

	@Test
	void theServicesWorkOnASaslScramClusterAndAWrongPasswordStopsTheStartWithOneLine() throws Exception {
		ApiKey producer = ApiKey.producer("acme", ApiKey.generate("p_acme_"));
		ApiKey admin = ApiKey.admin("acme", ApiKey.generate("a_acme_"));
		try (SaslKafka kafka = SaslKafka.start(); VerifyingReceiver receiver = VerifyingReceiver.start()) {
			assertThatThrownBy(() -> HooklineStack.start(settings(kafka, List.of(producer, admin), "not-the-password")))
				.rootCause()
				.hasMessageContaining("Authentication failed");
			assertThatThrownBy(() -> HooklineStack.start(settings(kafka, List.of(producer, admin), "not-the-password")))
				.hasStackTraceContaining("refused to authenticate Hookline (check hookline.kafka.properties.*");

			try (HooklineStack stack = HooklineStack
				.start(settings(kafka, List.of(producer, admin), SaslKafka.PASSWORD))) {
				Api api = new Api(stack.apiUrl());
				JsonNode created = api.subscribe(admin, receiver.url("/secured"), "order.*");
				receiver.secrets("/secured", created.get("secret").asString());

				api.publish(List.of(new PublishedEvent(producer, "evt_secured", "order.paid", 1)), 1);

				List<Received> received = await().atMost(Duration.ofSeconds(90))
					.until(() -> receiver.received("/secured"), (requests) -> !requests.isEmpty());
				assertThat(received).singleElement().satisfies((request) -> {
					assertThat(request.verified()).as(request.verificationError()).isTrue();
					assertThat(request.body()).contains("evt_secured");
				});
			}
		}
	}

	@Test
	void theServicesNeedNoMoreThanTheAclsTheReadmeLists() throws Exception {
		ApiKey producer = ApiKey.producer("acme", ApiKey.generate("p_acme_"));
		ApiKey admin = ApiKey.admin("acme", ApiKey.generate("a_acme_"));
		try (SaslKafka kafka = SaslKafka.start(); VerifyingReceiver receiver = VerifyingReceiver.start()) {
			// the cluster enforces them: without them nothing starts
			assertThatThrownBy(() -> HooklineStack
				.start(settings(kafka, List.of(producer, admin), SaslKafka.LIMITED_USER, SaslKafka.PASSWORD)))
				.hasStackTraceContaining("AuthorizationException");
			kafka.grant(SaslKafka.LIMITED_USER, readmeAcls("User:" + SaslKafka.LIMITED_USER));

			try (HooklineStack stack = HooklineStack
				.start(settings(kafka, List.of(producer, admin), SaslKafka.LIMITED_USER, SaslKafka.PASSWORD))) {
				Api api = new Api(stack.apiUrl());
				JsonNode created = api.subscribe(admin, receiver.url("/limited"), "order.*");
				receiver.secrets("/limited", created.get("secret").asString());

				api.publish(List.of(new PublishedEvent(producer, "evt_limited", "order.paid", 1)), 1);

				assertThat(await().atMost(Duration.ofSeconds(90))
					.until(() -> receiver.received("/limited"), (requests) -> !requests.isEmpty())).singleElement()
					.satisfies((request) -> assertThat(request.verified()).isTrue());
			}
		}
	}

	/**
	 * The ACLs of the README's "Connecting to a secured Kafka cluster", for the default
	 * topic prefix, worker group and router application id.
	 */
	private static List<AclBinding> readmeAcls(String principal) {
		List<AclBinding> acls = new ArrayList<>();
		allow(acls, principal, ResourceType.TOPIC, "hookline.", AclOperation.CREATE, AclOperation.DESCRIBE,
				AclOperation.READ, AclOperation.WRITE);
		for (String prefix : List.of("hookline.subscriptions-writer-", "hookline-worker", "hookline-router")) {
			allow(acls, principal, ResourceType.TRANSACTIONAL_ID, prefix, AclOperation.DESCRIBE, AclOperation.WRITE);
		}
		for (String prefix : List.of("hookline-worker", "hookline-router")) {
			allow(acls, principal, ResourceType.GROUP, prefix, AclOperation.DESCRIBE, AclOperation.READ);
		}
		// Kafka Streams' own topics (the router's changelog)
		allow(acls, principal, ResourceType.TOPIC, "hookline-router", AclOperation.CREATE, AclOperation.DESCRIBE,
				AclOperation.READ, AclOperation.WRITE);
		return acls;
	}

	private static void allow(List<AclBinding> acls, String principal, ResourceType type, String prefix,
			AclOperation... operations) {
		for (AclOperation operation : operations) {
			acls.add(new AclBinding(new ResourcePattern(type, prefix, PatternType.PREFIXED),
					new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
		}
	}

	private HooklineStack.Settings settings(SaslKafka kafka, List<ApiKey> keys, String password) {
		return settings(kafka, keys, SaslKafka.USER, password);
	}

	private HooklineStack.Settings settings(SaslKafka kafka, List<ApiKey> keys, String user, String password) {
		Map<String, Object> extra = new HashMap<>();
		SaslKafka.scram(user, password).forEach((name, value) -> extra.put("hookline.kafka.properties." + name, value));
		extra.put("hookline.kafka.partitions", "2");
		return new HooklineStack.Settings(kafka.bootstrapServers(), this.dir.resolve("keyset.json"), 0,
				this.dir.resolve("router"), true, keys, true, extra);
	}

}
