-- Jobs recorded before task ids were scoped: who recorded them was not kept, and generator
-- back-ends are the callers that send task ids, so their ids count as the back-end's for the
-- job's owner (a repeat create by the back-end still returns the first job).
UPDATE `jobs` SET `task_scope` = 'service:' || `owner` WHERE `task_id` IS NOT NULL AND `task_scope` IS NULL;
