import GRDB

/// The store's schema, as an ordered list of migrations applied once each.
///
/// Never edit a migration that has shipped: add a new one. A store migrated by a newer Sluice
/// (holding a migration this build does not know) is refused rather than guessed at.
enum StoreMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-runs-steps-items-attempts-cache") { db in
            try db.execute(
                sql: """
                    CREATE TABLE runs (
                        id TEXT PRIMARY KEY NOT NULL,
                        pipeline TEXT NOT NULL,
                        inputs_json TEXT NOT NULL,
                        status TEXT NOT NULL,
                        started_at REAL NOT NULL,
                        finished_at REAL,
                        input_tokens INTEGER NOT NULL DEFAULT 0,
                        output_tokens INTEGER NOT NULL DEFAULT 0,
                        cost_usd REAL NOT NULL DEFAULT 0,
                        sluice_version TEXT NOT NULL,
                        outputs_json TEXT,
                        error TEXT,
                        owner_pid INTEGER NOT NULL,
                        owner_start_time INTEGER,
                        owner_host TEXT NOT NULL
                    ) STRICT;
                    CREATE INDEX runs_by_pipeline ON runs (pipeline, started_at);
                    CREATE INDEX runs_by_start ON runs (started_at);
                    CREATE INDEX runs_by_status ON runs (status);

                    CREATE TABLE steps (
                        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                        name TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        status TEXT NOT NULL,
                        started_at REAL NOT NULL,
                        finished_at REAL,
                        output_json TEXT,
                        error TEXT,
                        cache_hit INTEGER NOT NULL DEFAULT 0,
                        item_count INTEGER,
                        PRIMARY KEY (run_id, name)
                    ) STRICT;

                    CREATE TABLE items (
                        run_id TEXT NOT NULL,
                        step_name TEXT NOT NULL,
                        item_index INTEGER NOT NULL,
                        input_json TEXT,
                        status TEXT NOT NULL,
                        started_at REAL NOT NULL,
                        finished_at REAL,
                        output_json TEXT,
                        error TEXT,
                        cache_hit INTEGER NOT NULL DEFAULT 0,
                        PRIMARY KEY (run_id, step_name, item_index),
                        FOREIGN KEY (run_id, step_name) REFERENCES steps (run_id, name) ON DELETE CASCADE
                    ) STRICT;

                    CREATE TABLE attempts (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        run_id TEXT NOT NULL,
                        step_name TEXT NOT NULL,
                        item_index INTEGER,
                        number INTEGER NOT NULL,
                        provider TEXT NOT NULL,
                        model TEXT NOT NULL,
                        request_json TEXT NOT NULL,
                        status TEXT NOT NULL,
                        started_at REAL NOT NULL,
                        finished_at REAL,
                        response_text TEXT,
                        http_status INTEGER,
                        finish_reason TEXT,
                        latency_ms REAL,
                        first_token_ms REAL,
                        input_tokens INTEGER,
                        output_tokens INTEGER,
                        cost_usd REAL,
                        limiter_wait_ms REAL,
                        error TEXT,
                        from_cache INTEGER NOT NULL DEFAULT 0,
                        FOREIGN KEY (run_id, step_name) REFERENCES steps (run_id, name) ON DELETE CASCADE
                    ) STRICT;
                    CREATE UNIQUE INDEX attempts_by_key
                        ON attempts (run_id, step_name, coalesce(item_index, -1), number);

                    CREATE TABLE cache (
                        key TEXT PRIMARY KEY NOT NULL,
                        value_json TEXT NOT NULL,
                        created_at REAL NOT NULL,
                        cost_usd REAL,
                        latency_ms REAL
                    ) STRICT;
                    """
            )
        }
        migrator.registerMigration("v2-typed-failures-attempt-identity-notes") { db in
            try db.execute(
                sql: """
                    ALTER TABLE runs ADD COLUMN error_json TEXT;
                    ALTER TABLE steps ADD COLUMN error_json TEXT;
                    ALTER TABLE items ADD COLUMN error_json TEXT;
                    ALTER TABLE attempts ADD COLUMN error_json TEXT;
                    ALTER TABLE attempts ADD COLUMN answering_model TEXT;
                    ALTER TABLE attempts ADD COLUMN request_id TEXT;

                    CREATE TABLE notes (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                        step_name TEXT,
                        item_index INTEGER,
                        attempt_number INTEGER,
                        kind TEXT NOT NULL,
                        message TEXT NOT NULL,
                        delay_ms REAL,
                        at REAL NOT NULL
                    ) STRICT;
                    CREATE INDEX notes_by_run ON notes (run_id, id);
                    """
            )
        }
        migrator.registerMigration("v3-synthetic-attempts") { db in
            try db.execute(
                sql: """
                    ALTER TABLE attempts ADD COLUMN synthetic INTEGER NOT NULL DEFAULT 0;
                    UPDATE attempts SET synthetic = 1 WHERE provider = 'local';
                    """
            )
        }
        migrator.registerMigration("v4-cache-entry-details") { db in
            // What `sluice cache ls/show` lists and `prune` weighs: where an entry came from,
            // what answered, its usage, the hashed material and its size.
            try db.execute(
                sql: """
                    ALTER TABLE cache ADD COLUMN pipeline TEXT;
                    ALTER TABLE cache ADD COLUMN step_name TEXT;
                    ALTER TABLE cache ADD COLUMN provider TEXT;
                    ALTER TABLE cache ADD COLUMN model TEXT;
                    ALTER TABLE cache ADD COLUMN response_text TEXT;
                    ALTER TABLE cache ADD COLUMN input_tokens INTEGER;
                    ALTER TABLE cache ADD COLUMN output_tokens INTEGER;
                    ALTER TABLE cache ADD COLUMN key_json TEXT;
                    ALTER TABLE cache ADD COLUMN size_bytes INTEGER NOT NULL DEFAULT 0;
                    CREATE INDEX cache_by_pipeline ON cache (pipeline, created_at);
                    CREATE INDEX cache_by_age ON cache (created_at);
                    """
            )
        }
        migrator.registerMigration("v4-run-plan-fingerprint") { db in
            // `sluice resume` refuses a run whose pipeline's structure changed since it started.
            try db.execute(sql: "ALTER TABLE runs ADD COLUMN plan_fingerprint TEXT")
        }
        return migrator
    }
}
