package dev.hookline.sender.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;

/**
 * Encrypts signing secrets at rest with Google Tink AEAD (AES-256-GCM), bound to their
 * tenant and subscription id as associated data, so a ciphertext copied onto another
 * subscription does not decrypt.
 *
 * <p>
 * The keyset is a Tink JSON keyset. Both the service that writes subscriptions and the
 * worker that signs must load the same one. Decryption of a tampered or misplaced
 * ciphertext fails with {@link IllegalStateException}, whose message never contains the
 * secret.
 */
public final class SecretCipher {

	static {
		try {
			AeadConfig.register();
		}
		catch (GeneralSecurityException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final Aead aead;

	private SecretCipher(Aead aead) {
		this.aead = aead;
	}

	/** A cipher over a Tink JSON keyset given in clear text. */
	public static SecretCipher fromKeysetJson(String keysetJson) {
		try {
			KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeyset(keysetJson, RegistryConfiguration.get(),
					InsecureSecretKeyAccess.get());
			return new SecretCipher(handle.getPrimitive(RegistryConfiguration.get(), Aead.class));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("not a usable Tink AEAD keyset", ex);
		}
	}

	/**
	 * A cipher over the keyset in {@code file}; when the file is missing and
	 * {@code createIfMissing} is set, a new keyset is generated and written there,
	 * readable by its owner only.
	 */
	public static SecretCipher fromFile(Path file, boolean createIfMissing) {
		try {
			if (!Files.exists(file)) {
				if (!createIfMissing) {
					throw new IllegalArgumentException("keyset file " + file + " does not exist");
				}
				writeNewKeyset(file);
			}
			return fromKeysetJson(Files.readString(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read keyset file " + file, ex);
		}
	}

	/** A new AES-256-GCM keyset, as Tink JSON in clear text. */
	public static String generateKeysetJson() {
		try {
			KeysetHandle handle = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM,
					RegistryConfiguration.get());
			return TinkJsonProtoKeysetFormat.serializeKeyset(handle, RegistryConfiguration.get(),
					InsecureSecretKeyAccess.get());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot generate a keyset", ex);
		}
	}

	private static void writeNewKeyset(Path file) throws IOException {
		if (file.getParent() != null) {
			Files.createDirectories(file.getParent());
		}
		Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".keyset", ".tmp");
		try {
			Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
		}
		catch (UnsupportedOperationException ex) {
			// not a POSIX file system: keep the platform's default permissions
		}
		Files.writeString(temp, generateKeysetJson());
		try {
			Files.move(temp, file);
		}
		catch (java.nio.file.FileAlreadyExistsException ex) {
			// another service sharing the file created it first: use theirs
			Files.delete(temp);
		}
	}

	public byte[] encrypt(String secret, String tenant, String subscriptionId) {
		try {
			return this.aead.encrypt(secret.getBytes(StandardCharsets.UTF_8), associatedData(tenant, subscriptionId));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot encrypt the secret of subscription " + subscriptionId, ex);
		}
	}

	public String decrypt(byte[] ciphertext, String tenant, String subscriptionId) {
		try {
			byte[] plain = this.aead.decrypt(ciphertext, associatedData(tenant, subscriptionId));
			return new String(plain, StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot decrypt the secret of subscription " + subscriptionId
					+ " (wrong keyset, or the ciphertext belongs to another subscription)");
		}
	}

	/** Length-prefixed, so that ("ab","c") and ("a","bc") differ. */
	static byte[] associatedData(String tenant, String subscriptionId) {
		byte[] t = tenant.getBytes(StandardCharsets.UTF_8);
		byte[] s = subscriptionId.getBytes(StandardCharsets.UTF_8);
		return ByteBuffer.allocate(8 + t.length + s.length).putInt(t.length).put(t).putInt(s.length).put(s).array();
	}

}
