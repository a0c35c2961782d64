-- Full-text search over job prompts. The trigram tokenizer makes MATCH a case-insensitive
-- substring search; external content keeps one copy of the text (rowid = jobs.seq).
CREATE VIRTUAL TABLE `jobs_fts` USING fts5(prompt, content='jobs', content_rowid='seq', tokenize='trigram');
--> statement-breakpoint
CREATE TRIGGER `jobs_fts_ai` AFTER INSERT ON `jobs` BEGIN
  INSERT INTO jobs_fts(rowid, prompt) VALUES (new.seq, new.prompt);
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_fts_ad` AFTER DELETE ON `jobs` BEGIN
  INSERT INTO jobs_fts(jobs_fts, rowid, prompt) VALUES ('delete', old.seq, old.prompt);
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_fts_au` AFTER UPDATE OF prompt ON `jobs` BEGIN
  INSERT INTO jobs_fts(jobs_fts, rowid, prompt) VALUES ('delete', old.seq, old.prompt);
  INSERT INTO jobs_fts(rowid, prompt) VALUES (new.seq, new.prompt);
END;
--> statement-breakpoint
-- Exact live-job counters per (owner, status): stats and unfiltered totals read these
-- instead of counting up to 100,000 index entries per request.
CREATE TRIGGER `jobs_count_ai` AFTER INSERT ON `jobs` WHEN new.deleted_at IS NULL BEGIN
  INSERT INTO job_counts(owner, status, n, credits) VALUES (new.owner, new.status, 1, new.credit_used)
  ON CONFLICT(owner, status) DO UPDATE SET n = n + 1, credits = credits + excluded.credits;
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_count_ad` AFTER DELETE ON `jobs` WHEN old.deleted_at IS NULL BEGIN
  UPDATE job_counts SET n = n - 1, credits = credits - old.credit_used
  WHERE owner = old.owner AND status = old.status;
END;
--> statement-breakpoint
CREATE TRIGGER `jobs_count_au` AFTER UPDATE OF owner, status, credit_used, deleted_at ON `jobs` BEGIN
  UPDATE job_counts SET n = n - 1, credits = credits - old.credit_used
  WHERE old.deleted_at IS NULL AND owner = old.owner AND status = old.status;
  INSERT INTO job_counts(owner, status, n, credits)
  SELECT new.owner, new.status, 1, new.credit_used WHERE new.deleted_at IS NULL
  ON CONFLICT(owner, status) DO UPDATE SET n = n + 1, credits = credits + excluded.credits;
END;
--> statement-breakpoint
-- The app registry (seed 000's colours: video mixer purple, carousel mix blue).
INSERT INTO apps (id, name, icon, color, description, position) VALUES
  ('video-mixer', 'Video Mixer', '🎬', 'purple', 'Mixes clips into new videos', 1),
  ('carousel-mix', 'Carousel Mix', '🎠', 'blue', 'Turns image sets into carousel videos', 2),
  ('text-to-video', 'Text to Video', '🎥', 'cyan', 'Generates videos from a text prompt', 3),
  ('brand-studio', 'Brand Studio', '🖼️', 'pink', 'Thumbnails, overlays, banners and story graphics from a brand kit', 4),
  ('anime-motion', 'Anime Motion', '🌀', 'teal', 'Turns images and prompts into anime-style clips', 5),
  ('product-studio', 'Product Studio', '🛍️', 'indigo', 'Product images, videos and copywriting', 6);
