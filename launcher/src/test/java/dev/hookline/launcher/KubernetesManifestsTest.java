package dev.hookline.launcher;

import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy/kubernetes}, read strictly into the Kubernetes API's model (fabric8's):
 * every document is of a known kind and API version, every field is one the API defines
 * (the model keeps fields it does not know aside, and none may be there), every value has
 * the API's type. Then what must hold together does: probes ask each service's management
 * port for liveness and readiness, grace periods cover the worker's drain and the
 * router's close, every workload has a disruption budget, the KEDA scaler scales the
 * worker and never beyond the partition count, and every secret and config map a pod
 * names exists. No cluster is needed; none runs here.
 */
class KubernetesManifestsTest {

	private static final Path MANIFESTS = MonitoringFiles.ROOT.resolve("deploy/kubernetes");

	private static final ObjectMapper YAML = new YAMLMapper(new YAMLFactory())
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

	private static final Map<String, Class<? extends KubernetesResource>> KINDS = Map.of("v1/ConfigMap",
			ConfigMap.class, "v1/Secret", Secret.class, "v1/Service", Service.class, "apps/v1/Deployment",
			Deployment.class, "apps/v1/StatefulSet", StatefulSet.class, "autoscaling/v2/HorizontalPodAutoscaler",
			HorizontalPodAutoscaler.class, "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class);

	private static final List<Object> resources = new ArrayList<>();

	private static final List<JsonNode> scaledObjects = new ArrayList<>();

	@BeforeAll
	static void read() throws IOException {
		try (Stream<Path> files = Files.list(MANIFESTS)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".yaml")).sorted().toList()) {
				for (JsonNode document : YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile()).readAll()) {
					if (document == null || document.isEmpty()) {
						continue;
					}
					String kind = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
					if (kind.equals("keda.sh/v1alpha1/ScaledObject")) {
						scaledObjects.add(document);
						continue;
					}
					assertThat(KINDS).as(file + ": a kind of the Kubernetes API").containsKey(kind);
					Object resource = YAML.treeToValue(document, KINDS.get(kind));
					assertNoUnknownFields(resource, file.getFileName() + " " + kind);
					resources.add(resource);
				}
			}
		}
	}

	@Test
	void everyServiceRunsWithProbesOnItsManagementPortAndGraceForItsDrain() {
		assertThat(workloads()).containsOnlyKeys("hookline-ingest", "hookline-router", "hookline-worker");
		Map<String, String> managementPorts = Map.of("hookline-ingest", "MANAGEMENT_SERVER_PORT", "hookline-router",
				"SERVER_PORT", "hookline-worker", "SERVER_PORT");
		workloads().forEach((name, template) -> {
			PodSpec pod = template.getSpec();
			Container container = pod.getContainers().get(0);
			String port = env(container, managementPorts.get(name));
			assertThat(container.getPorts()).as(name)
				.anySatisfy(
						(p) -> assertThat(p.getName() + "=" + p.getContainerPort()).isEqualTo("management=" + port));
			assertProbe(name, container.getLivenessProbe(), "/actuator/health/liveness");
			assertProbe(name, container.getStartupProbe(), "/actuator/health/liveness");
			assertProbe(name, container.getReadinessProbe(), "/actuator/health/readiness");
			assertThat(pod.getSecurityContext().getRunAsUser()).as(name).isEqualTo(10001L);
		});
		// the worker drains for 20 s, the router closes Kafka Streams within 30 s
		assertThat(workloads().get("hookline-worker").getSpec().getTerminationGracePeriodSeconds()).isGreaterThan(20);
		assertThat(workloads().get("hookline-router").getSpec().getTerminationGracePeriodSeconds()).isGreaterThan(30);
	}

	@Test
	void theRouterKeepsItsStateAndEveryWorkloadHasADisruptionBudget() {
		StatefulSet router = only(StatefulSet.class);
		String stateDir = env(router.getSpec().getTemplate().getSpec().getContainers().get(0),
				"HOOKLINE_ROUTER_STATEDIR");
		assertThat(router.getSpec().getVolumeClaimTemplates()).hasSize(1);
		assertThat(router.getSpec().getTemplate().getSpec().getContainers().get(0).getVolumeMounts())
			.anySatisfy((mount) -> assertThat(mount.getMountPath()).isEqualTo(stateDir));

		List<Map<String, String>> budgets = of(PodDisruptionBudget.class).stream()
			.map((budget) -> budget.getSpec().getSelector().getMatchLabels())
			.toList();
		workloads().forEach((name, template) -> assertThat(budgets).as(name)
			.anySatisfy((selector) -> assertThat(template.getMetadata().getLabels()).containsAllEntriesOf(selector)));
		assertThat(only(HorizontalPodAutoscaler.class).getSpec().getScaleTargetRef().getName())
			.isEqualTo("hookline-ingest");
	}

	@Test
	void kedaScalesTheWorkersOnTheirGroupsLagNeverBeyondThePartitions() {
		assertThat(scaledObjects).hasSize(1);
		JsonNode spec = scaledObjects.get(0).get("spec");
		assertThat(spec.fieldNames()).toIterable()
			.allMatch(List.of("scaleTargetRef", "minReplicaCount", "maxReplicaCount", "cooldownPeriod",
					"triggers")::contains);
		assertThat(spec.at("/scaleTargetRef/name").asText()).isEqualTo("hookline-worker");
		ConfigMap config = only(ConfigMap.class);
		assertThat(spec.get("maxReplicaCount").asInt())
			.isLessThanOrEqualTo(Integer.parseInt(config.getData().get("HOOKLINE_KAFKA_PARTITIONS")));
		JsonNode trigger = spec.at("/triggers/0");
		assertThat(trigger.get("type").asText()).isEqualTo("kafka");
		assertThat(trigger.at("/metadata/consumerGroup").asText()).isEqualTo("hookline-worker");
		assertThat(trigger.at("/metadata/topic").asText()).isEqualTo("hookline.deliveries");
		assertThat(trigger.at("/metadata/bootstrapServers").asText())
			.isEqualTo(config.getData().get("HOOKLINE_KAFKA_BOOTSTRAPSERVERS"));
		assertThat(trigger.at("/metadata/allowIdleConsumers").asText()).isEqualTo("false");
	}

	@Test
	void everySecretAndConfigMapAPodNamesExistsOrIsTheKeysetTheReadmeCreates() {
		List<String> known = new ArrayList<>(of(Secret.class).stream().map((s) -> s.getMetadata().getName()).toList());
		known.add("hookline-keyset");
		of(ConfigMap.class).forEach((c) -> known.add(c.getMetadata().getName()));
		workloads().forEach((name, template) -> {
			PodSpec pod = template.getSpec();
			pod.getContainers().get(0).getEnvFrom().forEach((from) -> {
				String ref = (from.getConfigMapRef() != null) ? from.getConfigMapRef().getName()
						: from.getSecretRef().getName();
				assertThat(known).as(name).contains(ref);
			});
			pod.getVolumes()
				.stream()
				.filter((volume) -> volume.getSecret() != null)
				.forEach((volume) -> assertThat(known).as(name).contains(volume.getSecret().getSecretName()));
		});
		assertThat(only(ConfigMap.class).getData()).containsKey("HOOKLINE_CRYPTO_KEYSETFILE");
	}

	private static void assertProbe(String workload, Probe probe, String path) {
		assertThat(probe).as(workload).isNotNull();
		HTTPGetAction get = probe.getHttpGet();
		assertThat(get.getPath()).as(workload).isEqualTo(path);
		assertThat(get.getPort().getStrVal()).as(workload).isEqualTo("management");
	}

	private static Map<String, PodTemplateSpec> workloads() {
		Map<String, PodTemplateSpec> workloads = new java.util.TreeMap<>();
		of(Deployment.class).forEach((d) -> workloads.put(d.getMetadata().getName(), d.getSpec().getTemplate()));
		of(StatefulSet.class).forEach((s) -> workloads.put(s.getMetadata().getName(), s.getSpec().getTemplate()));
		return workloads;
	}

	private static String env(Container container, String name) {
		return container.getEnv()
			.stream()
			.filter((variable) -> variable.getName().equals(name))
			.map(EnvVar::getValue)
			.findFirst()
			.orElseThrow(() -> new AssertionError(container.getName() + " sets no " + name));
	}

	private static <T> List<T> of(Class<T> type) {
		return resources.stream().filter(type::isInstance).map(type::cast).toList();
	}

	private static <T> T only(Class<T> type) {
		List<T> found = of(type);
		assertThat(found).as(type.getSimpleName()).hasSize(1);
		return found.get(0);
	}

	/**
	 * Walks the model: fabric8 keeps a field the API does not define in the object's
	 * additional properties rather than failing, so a misspelled field shows there.
	 */
	private static void assertNoUnknownFields(Object value, String where) {
		if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
				|| value instanceof Enum) {
			return;
		}
		if (value instanceof Collection<?> items) {
			items.forEach((item) -> assertNoUnknownFields(item, where));
			return;
		}
		if (value instanceof Map<?, ?> map) {
			map.values().forEach((item) -> assertNoUnknownFields(item, where));
			return;
		}
		if (!value.getClass().getPackageName().startsWith("io.fabric8")) {
			return;
		}
		try {
			for (PropertyDescriptor property : Introspector.getBeanInfo(value.getClass()).getPropertyDescriptors()) {
				Method getter = property.getReadMethod();
				if (getter == null || getter.getParameterCount() > 0 || property.getName().equals("class")) {
					continue;
				}
				Object field = getter.invoke(value);
				if (property.getName().equals("additionalProperties")) {
					assertThat((Map<?, ?>) field)
						.as(where + ": fields the Kubernetes API does not define in "
								+ value.getClass().getSimpleName())
						.isNullOrEmpty();
				}
				else {
					assertNoUnknownFields(field, where);
				}
			}
		}
		catch (ReflectiveOperationException | java.beans.IntrospectionException ex) {
			throw new AssertionError(ex);
		}
	}

}
