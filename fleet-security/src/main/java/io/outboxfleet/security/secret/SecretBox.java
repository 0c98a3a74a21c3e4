package io.outboxfleet.security.secret;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets kept in the database (webhook signing secrets) with AES-256-GCM, under a key from
 * configuration (FLEET_SECRETS_KEY), so that the database alone never holds a usable secret.
 *
 * <p>Keys: {@code FLEET_SECRETS_KEY=<id>:<base64 of 32 bytes>[,<id>:<base64>...]}. The first key
 * seals; every listed key opens, so a key is rotated by putting a new one first, letting the
 * command-service re-seal the rows at start ({@link #isSealedWithCurrentKey}), then dropping the
 * old one. Key ids are 1 to 16 of {@code [A-Za-z0-9_-]}.
 *
 * <p>Sealed form: {@code sbx1:<key id>:<base64url(12-byte nonce | ciphertext | 16-byte tag)>}; the
 * prefix and key id are authenticated (GCM additional data), so neither can be swapped. A random
 * nonce per seal: fine for far fewer than 2^32 seals per key.
 */
public final class SecretBox {

    /** Prefix of every sealed value. */
    public static final String PREFIX = "sbx1:";

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,16}");
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String currentKeyId;
    private final Map<String, SecretKeySpec> keys;

    private SecretBox(String currentKeyId, Map<String, SecretKeySpec> keys) {
        this.currentKeyId = currentKeyId;
        this.keys = keys;
    }

    /**
     * The box of a FLEET_SECRETS_KEY value.
     *
     * @throws IllegalArgumentException saying what is wrong with it (never quoting a key)
     */
    public static SecretBox of(String keys) {
        if (keys == null || keys.isBlank()) {
            throw new IllegalArgumentException("is not set (id:base64 of 32 random bytes)");
        }
        Map<String, SecretKeySpec> parsed = new LinkedHashMap<>();
        for (String entry : keys.split(",")) {
            String item = entry.strip();
            int colon = item.indexOf(':');
            String id = colon < 0 ? "" : item.substring(0, colon);
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException(
                        "each key must be <id>:<base64>, the id 1 to 16 of A-Z a-z 0-9 _ -");
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(item.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("key " + id + " is not base64");
            }
            if (key.length != 32) {
                throw new IllegalArgumentException(
                        "key " + id + " must be 32 bytes (AES-256), got " + key.length);
            }
            if (parsed.putIfAbsent(id, new SecretKeySpec(key, "AES")) != null) {
                throw new IllegalArgumentException("key id " + id + " is given twice");
            }
        }
        return new SecretBox(parsed.keySet().iterator().next(), Map.copyOf(parsed));
    }

    /** A new random key in the FLEET_SECRETS_KEY form, for tooling and tests. */
    public static String newKey(String id) {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return id + ":" + Base64.getEncoder().encodeToString(key);
    }

    /** True when {@code value} has the sealed form (whatever its key). */
    public static boolean isSealed(String value) {
        return value != null && value.startsWith(PREFIX);
    }

    /** True when {@code value} is sealed under the current (first) key. */
    public boolean isSealedWithCurrentKey(String value) {
        return isSealed(value) && value.startsWith(PREFIX + currentKeyId + ":");
    }

    /** Seals {@code secret} under the current key. */
    public String seal(String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.ENCRYPT_MODE,
                    keys.get(currentKeyId),
                    new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(header(currentKeyId));
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out =
                    ByteBuffer.allocate(nonce.length + sealed.length)
                            .put(nonce)
                            .put(sealed)
                            .array();
            return PREFIX
                    + currentKeyId
                    + ":"
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * The secret sealed in {@code value}.
     *
     * @throws SecretBoxException when the value is not sealed, its key is not configured, or it was
     *     altered
     */
    public String open(String value) {
        if (!isSealed(value)) {
            throw new SecretBoxException("the value is not sealed");
        }
        String rest = value.substring(PREFIX.length());
        int colon = rest.indexOf(':');
        String id = colon < 0 ? "" : rest.substring(0, colon);
        SecretKeySpec key = keys.get(id);
        if (key == null) {
            throw new SecretBoxException(
                    "the value is sealed with key " + id + ", which FLEET_SECRETS_KEY lacks");
        }
        try {
            byte[] in = Base64.getUrlDecoder().decode(rest.substring(colon + 1));
            if (in.length < NONCE_BYTES + TAG_BITS / 8) {
                throw new SecretBoxException("the sealed value is truncated");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(header(id));
            byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new SecretBoxException("the sealed value does not open (altered or wrong key)");
        }
    }

    /**
     * The secret of a column that may still hold a value written before sealing existed: a sealed
     * value is opened, any other is returned as it is. For readers during a rollout only; the
     * command-service seals such rows at start.
     */
    public String openOrLegacy(String value) {
        return value == null || !isSealed(value) ? value : open(value);
    }

    @Override
    public String toString() {
        return "SecretBox[current key " + currentKeyId + ", " + keys.size() + " key(s)]";
    }

    private static byte[] header(String keyId) {
        return (PREFIX + keyId).getBytes(StandardCharsets.UTF_8);
    }

    /** A sealed value that cannot be opened. */
    public static final class SecretBoxException extends RuntimeException {
        public SecretBoxException(String message) {
            super(message);
        }
    }
}
