package dev.hookline.ingest.tenants;

import java.time.Duration;
import java.util.List;

import dev.hookline.ingest.auth.ApiKeys;
import dev.hookline.ingest.auth.AuthProperties;
import dev.hookline.ingest.auth.Role;
import dev.hookline.ingest.http.Refusals;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads the bodies of the tenants API, listing everything wrong in one 400 or 422 answer
 * ({@link Refusals}).
 */
final class TenantRequests {

	static final int MAX_NAME_LENGTH = 200;

	/** Ten years: a key that should never expire is issued without {@code expiresIn}. */
	static final long MAX_KEY_LIFETIME = Duration.ofDays(3650).toSeconds();

	private TenantRequests() {
	}

	/** {@code {"id", "name"?}}. */
	static NewTenant tenant(JsonNode body) {
		Refusals refusals = new Refusals("invalid-tenant", "Invalid tenant");
		objectWith(body, List.of("id", "name"), refusals);
		JsonNode id = body.get("id");
		if (id == null || id.isNull()) {
			refusals.malformed("id", "is required: 1 to 64 of A-Z a-z 0-9 _ . -");
		}
		else if (!id.isString()) {
			refusals.malformed("id", "must be a string");
		}
		else if (!AuthProperties.TENANT.matcher(id.stringValue()).matches()) {
			refusals.invalid("id", "must be 1 to 64 of A-Z a-z 0-9 _ . -");
		}
		String name = name(body, refusals);
		refusals.throwIfAny();
		return new NewTenant(id.stringValue(), name);
	}

	/** {@code {"role", "name"?, "expiresIn"?}}. */
	static NewKey key(JsonNode body) {
		Refusals refusals = new Refusals("invalid-key", "Invalid key");
		objectWith(body, List.of("role", "name", "expiresIn"), refusals);
		JsonNode role = body.get("role");
		Role parsed = null;
		if (role == null || role.isNull()) {
			refusals.malformed("role", "is required: producer or admin");
		}
		else if (!role.isString()) {
			refusals.malformed("role", "must be a string: producer or admin");
		}
		else {
			parsed = ApiKeys.issuable(role.stringValue()).orElse(null);
			if (parsed == null) {
				refusals.invalid("role", "must be producer or admin");
			}
		}
		String name = name(body, refusals);
		Duration expiresIn = expiresIn(body, refusals);
		refusals.throwIfAny();
		return new NewKey(parsed, name, expiresIn);
	}

	private static void objectWith(JsonNode body, List<String> known, Refusals refusals) {
		if (!body.isObject()) {
			refusals.malformed("body", "must be a JSON object");
			refusals.throwIfAny();
		}
		refusals.unknownFields(body, known);
	}

	private static @Nullable String name(JsonNode body, Refusals refusals) {
		JsonNode name = body.get("name");
		if (name == null || name.isNull()) {
			return null;
		}
		if (!name.isString()) {
			refusals.malformed("name", "must be a string");
			return null;
		}
		if (name.stringValue().isBlank() || name.stringValue().length() > MAX_NAME_LENGTH) {
			refusals.invalid("name", "must be 1 to " + MAX_NAME_LENGTH + " characters, not only spaces");
		}
		return name.stringValue();
	}

	/** How long a new key is accepted: whole seconds, or null for no expiry. */
	private static @Nullable Duration expiresIn(JsonNode body, Refusals refusals) {
		JsonNode value = body.get("expiresIn");
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isIntegralNumber()) {
			refusals.malformed("expiresIn", "must be a whole number of seconds");
		}
		else if (!value.canConvertToLong() || value.longValue() < 1 || value.longValue() > MAX_KEY_LIFETIME) {
			refusals.invalid("expiresIn", "must be from 1 to " + MAX_KEY_LIFETIME + " seconds");
		}
		else {
			return Duration.ofSeconds(value.longValue());
		}
		return null;
	}

	/** A tenant to create. */
	record NewTenant(String id, @Nullable String name) {

	}

	/** A key to issue; {@code expiresIn} null for no expiry. */
	record NewKey(Role role, @Nullable String name, @Nullable Duration expiresIn) {

	}

}
