package io.meridian.ingest.model;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Values by name as an unmodifiable map: an array of values over names shared by many records ({@link Names}). On
 * the ingestion path it replaces a linked hash map per record: a CSV row's cells over the file's columns, and a
 * validated record's typed values over its contract's fields (in contract order). Writers read it by position
 * ({@link #name(int)}, {@link #value(int)}) and can key per-field caches on the shared {@link #names()}.
 */
public final class FieldValues extends AbstractMap<String, Object> {
    private final Names names;
    private final Object[] values;

    /** The field names of one contract version and their positions. */
    public static final class Names {
        private final String[] names;
        private final Map<String, Integer> index;

        public Names(List<String> names) {
            this.names = names.toArray(String[]::new);
            this.index = new HashMap<>(names.size() * 2);
            for (int i = 0; i < this.names.length; i++) {
                if (index.putIfAbsent(this.names[i], i) != null) {
                    throw new IllegalArgumentException("field " + this.names[i] + " is named twice");
                }
            }
        }

        public int size() {
            return names.length;
        }

        public String name(int i) {
            return names[i];
        }

        /** The position of {@code name}, or -1. */
        public int indexOf(Object name) {
            Integer i = index.get(name);
            return i == null ? -1 : i;
        }
    }

    /**
     * Takes {@code values} (one per name, in order) without copying: the caller hands the array over and never
     * writes it again.
     */
    public FieldValues(Names names, Object[] values) {
        if (values.length != names.size()) {
            throw new IllegalArgumentException(values.length + " values for " + names.size() + " fields");
        }
        this.names = names;
        this.values = values;
    }

    public Names names() {
        return names;
    }

    public String name(int i) {
        return names.names[i];
    }

    public Object value(int i) {
        return values[i];
    }

    @Override
    public Object get(Object name) {
        int i = names.indexOf(name);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object name) {
        return names.indexOf(name) >= 0;
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < values.length;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= values.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(names.names[i], values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return values.length;
            }
        };
    }
}
