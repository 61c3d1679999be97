//! Invariants of the catalogue: the relation algebra, symmetric equivalents, positions of errors.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use iso_core::catalogue::{Catalogue, Relation};
use iso_core::error::LineIndex;
use proptest::prelude::*;

fn relation() -> impl Strategy<Value = Relation> {
    prop_oneof![Just(Relation::Equal), Just(Relation::Subset), Just(Relation::Superset), Just(Relation::Intersects)]
}

proptest! {
    #[test]
    fn composing_then_reversing_is_reversing_then_composing(a in relation(), b in relation()) {
        prop_assert_eq!(a.then(b).inverse(), b.inverse().then(a.inverse()));
    }

    #[test]
    fn equal_is_neutral_and_inverse_is_an_involution(a in relation()) {
        prop_assert_eq!(Relation::Equal.then(a), a);
        prop_assert_eq!(a.then(Relation::Equal), a);
        prop_assert_eq!(a.inverse().inverse(), a);
    }

    #[test]
    fn line_index_agrees_with_counting(text in "[a-z\n\u{e9}]{0,200}", offset in 0usize..220) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let location = LineIndex::new(&text).locate("t", offset);
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
        prop_assert_eq!(location.line, Some(line as u32));
        prop_assert_eq!(location.column, Some(column as u32));
    }
}

#[test]
fn equivalents_are_symmetric_with_inverse_relations() {
    let catalogue = Catalogue::builtin().unwrap();
    let mut pairs = 0;
    for clause in catalogue.clauses() {
        for e in catalogue.equivalents(&clause.id).unwrap() {
            let back = catalogue.equivalents(&e.clause).unwrap();
            let mirror = back.iter().find(|b| b.clause == clause.id);
            let mirror = mirror.unwrap_or_else(|| panic!("{} → {} has no way back", clause.id, e.clause));
            assert_eq!(mirror.relation, e.relation.inverse(), "{} ↔ {}", clause.id, e.clause);
            assert_eq!(mirror.via, e.via);
            pairs += 1;
        }
    }
    assert!(pairs > 200, "only {pairs} equivalent pairs");
}

#[test]
fn every_requirement_is_under_exactly_one_top_level_clause() {
    let catalogue = Catalogue::builtin().unwrap();
    let mut seen = vec![0u32; catalogue.requirements().len()];
    for clause in catalogue.clauses().iter().filter(|c| c.parent.is_none()) {
        for i in catalogue.requirement_indices_under(&clause.id) {
            seen[i] += 1;
        }
    }
    assert!(seen.iter().all(|&n| n == 1));
}
