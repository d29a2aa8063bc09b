package io.syncmesh.protocol;

import java.util.regex.Pattern;

/** The identifier rules of DESIGN.md section 3. None of them admits a slash, so record keys stay unambiguous. */
public final class Identifiers {

    private static final Pattern COLLECTION = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Pattern ENTITY_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern CHANGE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    /** Tenants and devices come from verified tokens; the same safe alphabet keeps them usable in keys and logs. */
    private static final Pattern PRINCIPAL = Pattern.compile("[A-Za-z0-9_.:@-]{1,128}");

    private Identifiers() {
    }

    public static boolean isCollection(String value) {
        return value != null && COLLECTION.matcher(value).matches();
    }

    public static boolean isEntityId(String value) {
        return value != null && ENTITY_ID.matcher(value).matches();
    }

    public static boolean isChangeId(String value) {
        return value != null && CHANGE_ID.matcher(value).matches();
    }

    public static boolean isFieldName(String value) {
        return value != null && FIELD_NAME.matcher(value).matches();
    }

    /** A tenant or device id. */
    public static boolean isPrincipal(String value) {
        return value != null && PRINCIPAL.matcher(value).matches();
    }
}
