import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole schema of the foundation. Foreign keys and checks live here, in SQL, so that the
 * database refuses what the application must never write even if a bug tries to.
 */
export class InitialSchema1764230400000 implements MigrationInterface {
  name = 'InitialSchema1764230400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await q.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        body text NOT NULL CHECK (body IN ('cppcc','npc')),
        term int NOT NULL CHECK (term > 0),
        meeting int NOT NULL CHECK (meeting > 0),
        year int NOT NULL CHECK (year BETWEEN 1949 AND 2200),
        opened_on date NOT NULL,
        rules_override jsonb NOT NULL DEFAULT '{}'::jsonb,
        last_number int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE units (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code text NOT NULL UNIQUE,
        name text NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN ('department','committee','supervision')),
        email text NOT NULL,
        head_name text,
        head_email text,
        contact_name text,
        contact_phone text,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE proposers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('member','group')),
        sector text,
        email text,
        phone text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL UNIQUE,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin','committee','supervisor','unit','proposer')),
        email text,
        unit_id uuid REFERENCES units(id),
        proposer_id uuid REFERENCES proposers(id),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (role <> 'unit' OR unit_id IS NOT NULL),
        CHECK (role <> 'proposer' OR proposer_id IS NOT NULL)
      )`);

    await q.query(`
      CREATE TABLE proposals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES sessions(id),
        number int CHECK (number > 0),
        title text NOT NULL,
        content text NOT NULL,
        status text NOT NULL,
        category text,
        themes text[] NOT NULL DEFAULT '{}',
        key boolean NOT NULL DEFAULT false,
        leader_name text,
        lead_proposer_id uuid NOT NULL REFERENCES proposers(id),
        merged_into_id uuid REFERENCES proposals(id),
        review_reason text,
        close_reason text,
        published boolean NOT NULL DEFAULT false,
        published_at timestamptz,
        publication_index text UNIQUE,
        submitted_at timestamptz NOT NULL,
        filed_at timestamptz,
        closed_at timestamptz,
        round int NOT NULL DEFAULT 1,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (session_id, number)
      )`);
    await q.query(`CREATE INDEX proposals_status_idx ON proposals (session_id, status)`);
    await q.query(`CREATE INDEX proposals_lead_proposer_idx ON proposals (lead_proposer_id)`);
    await q.query(`CREATE INDEX proposals_search_idx ON proposals USING gin ((title || ' ' || content) gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE proposal_co_proposers (
        proposal_id uuid NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
        proposer_id uuid NOT NULL REFERENCES proposers(id),
        position int NOT NULL,
        PRIMARY KEY (proposal_id, proposer_id)
      )`);
    await q.query(`CREATE INDEX proposal_co_proposers_proposer_idx ON proposal_co_proposers (proposer_id)`);

    await q.query(`
      CREATE TABLE assignments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL REFERENCES proposals(id),
        unit_id uuid NOT NULL REFERENCES units(id),
        role text NOT NULL CHECK (role IN ('lead','co','separate')),
        state text NOT NULL CHECK (state IN ('assigned','accepted','replied','opinion_submitted','adjustment_requested','removed')),
        state_before_adjustment text,
        replaces_id uuid REFERENCES assignments(id),
        assigned_at timestamptz NOT NULL,
        accepted_at timestamptz,
        replied_at timestamptz,
        removed_at timestamptz,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One live assignment per unit and proposal; a removed one may be followed by a new one.
    await q.query(`CREATE UNIQUE INDEX assignments_live_unit_uq ON assignments (proposal_id, unit_id) WHERE state <> 'removed'`);
    await q.query(`CREATE INDEX assignments_unit_idx ON assignments (unit_id, state)`);
    await q.query(`CREATE INDEX assignments_proposal_idx ON assignments (proposal_id)`);

    await q.query(`
      CREATE TABLE adjustment_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assignment_id uuid NOT NULL REFERENCES assignments(id),
        proposal_id uuid NOT NULL REFERENCES proposals(id),
        reason text NOT NULL,
        suggested_unit_id uuid REFERENCES units(id),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','rejected')),
        requested_by uuid REFERENCES users(id),
        requested_at timestamptz NOT NULL,
        decided_by uuid REFERENCES users(id),
        decided_at timestamptz,
        new_unit_id uuid REFERENCES units(id),
        new_assignment_id uuid REFERENCES assignments(id)
      )`);
    await q.query(`CREATE UNIQUE INDEX adjustment_requests_pending_uq ON adjustment_requests (assignment_id) WHERE status = 'pending'`);

    await q.query(`
      CREATE TABLE extension_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assignment_id uuid NOT NULL REFERENCES assignments(id),
        proposal_id uuid NOT NULL REFERENCES proposals(id),
        deadline_id uuid NOT NULL,
        reason text NOT NULL,
        new_due_on date NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','rejected')),
        requested_by uuid REFERENCES users(id),
        requested_at timestamptz NOT NULL,
        decided_by uuid REFERENCES users(id),
        decided_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX extension_requests_pending_uq ON extension_requests (assignment_id) WHERE status = 'pending'`);

    await q.query(`
      CREATE TABLE communications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assignment_id uuid NOT NULL REFERENCES assignments(id),
        proposal_id uuid NOT NULL REFERENCES proposals(id),
        method text NOT NULL CHECK (method IN ('meeting','phone','visit','letter','online')),
        happened_on date NOT NULL,
        summary text NOT NULL,
        recorded_by uuid REFERENCES users(id),
        recorded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX communications_proposal_idx ON communications (proposal_id)`);

    await q.query(`
      CREATE TABLE opinions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assignment_id uuid NOT NULL REFERENCES assignments(id),
        proposal_id uuid NOT NULL REFERENCES proposals(id),
        content text NOT NULL,
        submitted_by uuid REFERENCES users(id),
        submitted_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX opinions_proposal_idx ON opinions (proposal_id)`);

    await q.query(`
      CREATE TABLE replies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assignment_id uuid NOT NULL REFERENCES assignments(id),
        proposal_id uuid NOT NULL REFERENCES proposals(id),
        round int NOT NULL,
        content text NOT NULL,
        result_category text NOT NULL,
        signed_by text NOT NULL,
        contact_name text NOT NULL,
        contact_phone text NOT NULL,
        public boolean NOT NULL,
        submitted_by uuid REFERENCES users(id),
        submitted_at timestamptz NOT NULL,
        UNIQUE (assignment_id, round)
      )`);
    await q.query(`CREATE INDEX replies_proposal_idx ON replies (proposal_id)`);

    await q.query(`
      CREATE TABLE feedback (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL REFERENCES proposals(id),
        round int NOT NULL,
        rating text NOT NULL CHECK (rating IN ('satisfied','basically_satisfied','unsatisfied')),
        comment text,
        given_by uuid REFERENCES users(id),
        via text NOT NULL CHECK (via IN ('staff','proposer','link')),
        received_at timestamptz NOT NULL,
        UNIQUE (proposal_id, round)
      )`);

    await q.query(`
      CREATE TABLE deadlines (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL REFERENCES proposals(id),
        assignment_id uuid REFERENCES assignments(id),
        kind text NOT NULL CHECK (kind IN ('reply','co_opinion','adjustment','feedback','rehandling','publication')),
        round int NOT NULL DEFAULT 1,
        dedupe_key text NOT NULL UNIQUE,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','settled','cancelled')),
        started_at timestamptz NOT NULL,
        due_on date NOT NULL,
        due_at timestamptz NOT NULL,
        stage text NOT NULL DEFAULT 'open',
        next_stage text,
        next_action_at timestamptz,
        ladder jsonb NOT NULL DEFAULT '[]'::jsonb,
        rule jsonb NOT NULL DEFAULT '{}'::jsonb,
        explanation text NOT NULL,
        settled_at timestamptz,
        settled_late boolean,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The sweep reads only what has fallen due: its cost follows the due stages, not the open deadlines.
    await q.query(`CREATE INDEX deadlines_next_action_idx ON deadlines (next_action_at) WHERE next_action_at IS NOT NULL`);
    await q.query(`CREATE INDEX deadlines_proposal_idx ON deadlines (proposal_id)`);
    await q.query(`CREATE INDEX deadlines_assignment_idx ON deadlines (assignment_id)`);
    await q.query(`CREATE INDEX deadlines_open_due_idx ON deadlines (due_at) WHERE status = 'open'`);

    await q.query(`
      CREATE TABLE events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seq bigserial NOT NULL UNIQUE,
        type text NOT NULL,
        proposal_id uuid REFERENCES proposals(id),
        subject_type text NOT NULL,
        subject_id uuid,
        actor_id uuid,
        actor text NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        dispatched_at timestamptz
      )`);
    await q.query(`CREATE INDEX events_proposal_idx ON events (proposal_id, seq)`);
    // The outbox: the relay reads only what has not been dispatched yet.
    await q.query(`CREATE INDEX events_undispatched_idx ON events (seq) WHERE dispatched_at IS NULL`);

    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dedupe_key text NOT NULL UNIQUE,
        event_id uuid REFERENCES events(id),
        proposal_id uuid REFERENCES proposals(id),
        type text NOT NULL,
        recipient_email text NOT NULL,
        recipient_name text,
        cc jsonb NOT NULL DEFAULT '[]'::jsonb,
        subject text NOT NULL,
        body_text text NOT NULL,
        body_html text NOT NULL,
        message_id text NOT NULL UNIQUE,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','held','sending','sent','retrying','dead')),
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        not_before timestamptz,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX notifications_proposal_idx ON notifications (proposal_id)`);
    await q.query(`CREATE INDEX notifications_status_idx ON notifications (status) WHERE status <> 'sent'`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['notifications', 'events', 'deadlines', 'feedback', 'replies', 'opinions', 'communications',
      'extension_requests', 'adjustment_requests', 'assignments', 'proposal_co_proposers', 'proposals', 'users',
      'proposers', 'units', 'sessions']) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
