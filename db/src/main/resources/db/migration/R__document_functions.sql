-- Document commands as single Postgres functions: the row and its document.updated outbox row
-- commit together. Optimistic locking: an update names the version it read (OF011 when stale).
-- Errors (class OF): OF010 unknown_document (or not the caller's), OF011 document_version_mismatch.

create or replace function document_saved(p_doc documents, p_headers jsonb) returns jsonb
language plpgsql as $$
begin
    perform write_outbox_event('document', p_doc.id::text, 'document.updated',
            jsonb_build_object('documentId', p_doc.id, 'ownerId', p_doc.owner_id, 'version', p_doc.version),
            p_headers);
    return jsonb_build_object('id', p_doc.id, 'title', p_doc.title, 'content', p_doc.content,
                              'version', p_doc.version,
                              'updatedAt', to_char(p_doc.updated_at at time zone 'UTC',
                                                   'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'));
end;
$$;

-- payload: {ownerId, title, content, headers}
create or replace function create_document_transaction(payload jsonb) returns jsonb
language plpgsql as $$
declare
    v_doc documents%rowtype;
begin
    perform set_config('fleet.actor', coalesce(payload ->> 'ownerId', ''), true);
    insert into documents (owner_id, title, content)
    values (payload ->> 'ownerId', payload ->> 'title', payload ->> 'content')
    returning * into v_doc;
    return document_saved(v_doc, payload -> 'headers');
end;
$$;

-- payload: {id, ownerId, title, content, version, headers}; succeeds only if version is still current.
create or replace function update_document_transaction(payload jsonb) returns jsonb
language plpgsql as $$
declare
    v_doc documents%rowtype;
begin
    perform set_config('fleet.actor', coalesce(payload ->> 'ownerId', ''), true);
    update documents
       set title = payload ->> 'title', content = payload ->> 'content',
           version = version + 1, updated_at = now()
     where id = (payload ->> 'id')::uuid
       and owner_id = payload ->> 'ownerId'
       and version = (payload ->> 'version')::bigint
    returning * into v_doc;
    if not found then
        select * into v_doc from documents
         where id = (payload ->> 'id')::uuid and owner_id = payload ->> 'ownerId';
        if not found then
            raise exception 'unknown_document' using errcode = 'OF010',
                detail = jsonb_build_object('documentId', payload ->> 'id')::text;
        end if;
        raise exception 'document_version_mismatch' using errcode = 'OF011',
            detail = jsonb_build_object('documentId', v_doc.id, 'currentVersion', v_doc.version)::text;
    end if;
    return document_saved(v_doc, payload -> 'headers');
end;
$$;
