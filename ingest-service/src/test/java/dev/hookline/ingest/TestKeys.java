package dev.hookline.ingest;

import java.util.ArrayList;
import java.util.List;

import dev.hookline.ingest.auth.ApiKeys;

/**
 * The API keys the tests start the service with, and the properties that configure them
 * (hashed, as in production).
 */
public final class TestKeys {

	public static final String ACME_PRODUCER = "hk_test_acme_producer";

	public static final String ACME_ADMIN = "hk_test_acme_admin";

	public static final String GLOBEX_ADMIN = "hk_test_globex_admin";

	public static final String INITECH_ADMIN = "hk_test_initech_admin";

	/** A tenant of its own for tests that list everything a tenant has. */
	public static final String UMBRELLA_ADMIN = "hk_test_umbrella_admin";

	/** Creates tenants and issues their keys; belongs to no tenant. */
	public static final String OPERATOR = "hk_test_operator";

	/** A tenant of its own for requests that must be refused. */
	public static final String PROBE_PRODUCER = "hk_test_probe_producer";

	private TestKeys() {
	}

	/**
	 * {@code hookline.auth.keys[i].*} entries and the operator key, as
	 * {@code name=value}.
	 */
	public static List<String> properties() {
		List<String> properties = new ArrayList<>();
		add(properties, "acme", "PRODUCER", ACME_PRODUCER);
		add(properties, "acme", "ADMIN", ACME_ADMIN);
		add(properties, "globex", "ADMIN", GLOBEX_ADMIN);
		add(properties, "initech", "ADMIN", INITECH_ADMIN);
		add(properties, "probe", "PRODUCER", PROBE_PRODUCER);
		add(properties, "umbrella", "ADMIN", UMBRELLA_ADMIN);
		properties.add("hookline.auth.operator-keys[0]=" + ApiKeys.sha256Hex(OPERATOR));
		return properties;
	}

	private static void add(List<String> properties, String tenant, String role, String key) {
		int i = properties.size() / 3;
		properties.add("hookline.auth.keys[" + i + "].tenant=" + tenant);
		properties.add("hookline.auth.keys[" + i + "].role=" + role);
		properties.add("hookline.auth.keys[" + i + "].sha256=" + ApiKeys.sha256Hex(key));
	}

}
