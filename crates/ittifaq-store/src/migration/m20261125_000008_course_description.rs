//! A course's description in the three languages.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in ["description_en", "description_tr", "description_ar"] {
            m.alter_table(Table::alter().table(Alias::new("course")).add_column(text_null(column)).to_owned()).await?;
        }
        Ok(())
    }
}
