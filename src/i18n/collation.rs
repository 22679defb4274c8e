//! Putting names in the order a reader of a language expects: "Águia" among the A's, "ótimo"
//! among the O's, capitals beside small letters; in Spanish, "ñ" as a letter of its own after
//! "n". A small stand-in for full Unicode collation, covering the Latin letters of the
//! languages BaaS speaks.

use super::Locale;
use std::cmp::Ordering;

/// Sorts after every letter, so a Spanish "ñ" (written as "n" and this) follows all of "n".
const AFTER_N: char = '\u{10FFFF}';

/// What `text` is sorted by in `locale`: lower case, accents and ligatures folded to their
/// base letters, surrounding spaces ignored.
pub fn sort_key(locale: Locale, text: &str) -> String {
    let mut key = String::with_capacity(text.len());
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        match (c, locale) {
            ('ñ', Locale::Es) => {
                key.push('n');
                key.push(AFTER_N);
            }
            _ => match fold(c) {
                Some(base) => key.push_str(base),
                None => key.push(c),
            },
        }
    }
    key
}

/// `a` against `b` in `locale`'s order; names that differ only in accents or case are put in
/// a fixed order by their exact spelling.
pub fn compare(locale: Locale, a: &str, b: &str) -> Ordering {
    sort_key(locale, a)
        .cmp(&sort_key(locale, b))
        .then_with(|| a.cmp(b))
}

/// The base letters of a lower-case accented letter or ligature.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use Locale::{En, Es, PtBr};

    #[test]
    fn accents_and_case_fold_to_the_base_letter() {
        assert_eq!(sort_key(PtBr, "  Águia "), "aguia");
        assert_eq!(sort_key(En, "Orçamentos 2025"), "orcamentos 2025");
        assert_eq!(sort_key(PtBr, "Œuvre Straße"), "oeuvre strasse");
        assert!(sort_key(PtBr, "Águia") < sort_key(PtBr, "Bravo"));
        assert!(sort_key(PtBr, "ótimo") < sort_key(PtBr, "Pós-venda"));
        assert!(
            sort_key(PtBr, "Zebra") < sort_key(PtBr, "日本"),
            "others keep code point order"
        );
    }

    #[test]
    fn names_sort_the_way_their_readers_expect() {
        let mut names = vec![
            "Diretoria",
            "Águia",
            "amigos",
            "Bravo",
            "Ábaco",
            "Clientes VIP",
        ];
        names.sort_by(|a, b| compare(PtBr, a, b));
        assert_eq!(
            names,
            [
                "Ábaco",
                "Águia",
                "amigos",
                "Bravo",
                "Clientes VIP",
                "Diretoria"
            ]
        );
        // Code point order, for contrast, puts every accented capital after "Z".
        let mut bytes = names.clone();
        bytes.sort();
        assert_eq!(bytes.last(), Some(&"Águia"));
    }

    #[test]
    fn spanish_sorts_n_tilde_after_every_n() {
        let mut names = vec!["ñandú", "nube", "oso", "Nzambi"];
        names.sort_by(|a, b| compare(Es, a, b));
        assert_eq!(names, ["nube", "Nzambi", "ñandú", "oso"]);
        names.sort_by(|a, b| compare(PtBr, a, b));
        assert_eq!(names, ["ñandú", "nube", "Nzambi", "oso"]);
    }

    #[test]
    fn spellings_that_fold_alike_keep_a_fixed_order() {
        assert_eq!(compare(PtBr, "Aguia", "Águia"), Ordering::Less);
        assert_eq!(compare(PtBr, "Águia", "Aguia"), Ordering::Greater);
        assert_eq!(compare(PtBr, "Águia", "Águia"), Ordering::Equal);
    }
}
