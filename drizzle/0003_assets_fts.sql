-- Substring search over asset titles and texts (copywriting), like jobs_fts over prompts.
CREATE VIRTUAL TABLE `assets_fts` USING fts5(title, text_content, content='assets', content_rowid='seq', tokenize='trigram');
--> statement-breakpoint
CREATE TRIGGER `assets_fts_ai` AFTER INSERT ON `assets` BEGIN
  INSERT INTO assets_fts(rowid, title, text_content) VALUES (new.seq, new.title, new.text_content);
END;
--> statement-breakpoint
CREATE TRIGGER `assets_fts_ad` AFTER DELETE ON `assets` BEGIN
  INSERT INTO assets_fts(assets_fts, rowid, title, text_content) VALUES ('delete', old.seq, old.title, old.text_content);
END;
--> statement-breakpoint
CREATE TRIGGER `assets_fts_au` AFTER UPDATE OF title, text_content ON `assets` BEGIN
  INSERT INTO assets_fts(assets_fts, rowid, title, text_content) VALUES ('delete', old.seq, old.title, old.text_content);
  INSERT INTO assets_fts(rowid, title, text_content) VALUES (new.seq, new.title, new.text_content);
END;
