//! The index schema: field names, options, and the resolved field handles.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};

use crate::analyzer::TOKENIZER_NAME;

/// Bump when the schema or the analyzer changes: an index of another version is rebuilt.
pub const INDEX_FORMAT: u32 = 1;

pub(crate) const F_ID: &str = "id";
pub(crate) const F_SEQ: &str = "seq";
pub(crate) const F_TITLE: &str = "title";
pub(crate) const F_TEXT: &str = "text";
pub(crate) const F_OUTLET: &str = "outlet";
pub(crate) const F_OUTLET_KEY: &str = "outlet_key";
pub(crate) const F_PUBLISHED: &str = "published";
pub(crate) const F_ENTITY: &str = "entity";
pub(crate) const F_EVENT_TYPE: &str = "event_type";
pub(crate) const F_STORY: &str = "story";
pub(crate) const F_DUPLICATE_OF: &str = "duplicate_of";
pub(crate) const F_GROUP: &str = "group";

/// Field handles of an open index.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    pub id: Field,
    pub seq: Field,
    pub title: Field,
    pub text: Field,
    pub outlet: Field,
    pub outlet_key: Field,
    pub published: Field,
    pub entity: Field,
    pub event_type: Field,
    pub story: Field,
    pub duplicate_of: Field,
    pub group: Field,
}

pub(crate) fn build_schema() -> Schema {
    let analyzed = |stored: bool| {
        let o = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER_NAME)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        if stored {
            o.set_stored()
        } else {
            o
        }
    };
    let mut b = Schema::builder();
    b.add_text_field(F_ID, STRING | STORED);
    b.add_i64_field(F_SEQ, FAST | STORED);
    b.add_text_field(F_TITLE, analyzed(true));
    // The text is not stored: snippets are made from the database's copy.
    b.add_text_field(F_TEXT, analyzed(false));
    b.add_text_field(F_OUTLET, STORED);
    b.add_text_field(F_OUTLET_KEY, STRING);
    b.add_i64_field(F_PUBLISHED, INDEXED | FAST | STORED);
    b.add_text_field(F_ENTITY, STRING);
    b.add_text_field(F_EVENT_TYPE, STRING);
    b.add_text_field(F_STORY, STRING | STORED);
    b.add_text_field(F_DUPLICATE_OF, STRING | STORED);
    b.add_u64_field(F_GROUP, FAST);
    b.build()
}

impl Fields {
    /// Resolve the field handles; fails when the schema is not ours (another version).
    pub(crate) fn resolve(schema: &Schema) -> tantivy::Result<Fields> {
        Ok(Fields {
            id: schema.get_field(F_ID)?,
            seq: schema.get_field(F_SEQ)?,
            title: schema.get_field(F_TITLE)?,
            text: schema.get_field(F_TEXT)?,
            outlet: schema.get_field(F_OUTLET)?,
            outlet_key: schema.get_field(F_OUTLET_KEY)?,
            published: schema.get_field(F_PUBLISHED)?,
            entity: schema.get_field(F_ENTITY)?,
            event_type: schema.get_field(F_EVENT_TYPE)?,
            story: schema.get_field(F_STORY)?,
            duplicate_of: schema.get_field(F_DUPLICATE_OF)?,
            group: schema.get_field(F_GROUP)?,
        })
    }
}
